/** «каб. 105» as stored, or «кабинет 12» when only the number is. */
export function roomLabel(room: string): string {
  return /^каб/i.test(room.trim()) ? room.trim() : `кабинет ${room.trim()}`
}

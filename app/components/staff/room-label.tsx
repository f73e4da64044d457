// The room convention lives in app/utils/format.ts (a room is its number; printing adds «кабинет»).
export { roomLabel } from '#app/utils/format'

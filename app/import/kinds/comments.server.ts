// Teachers' comments and recommendations read by the marks and lessons imports (Положение 2.10, Порядок 2.5, ADR 067):
// «Комментарий» of a marks row is the comment to that mark, «Комментарий к уроку» of a lessons row the comment to the
// whole lesson. An empty cell leaves a stored comment as it is, like every optional cell of the import.
import type { Column } from '../types'
import { newId } from '../lookups.server'
import type { Client } from '../types'

/** Longest comment the journal keeps: a few sentences, as a paper diary's margin holds. */
export const COMMENT_MAX = 1000

export const markCommentColumn: Column = {
  key: 'comment',
  title: 'Комментарий',
  aliases: ['Комментарий к оценке', 'Комментарий учителя'],
  doc:
    `Необязательно. Комментарий учителя к оценке (до ${COMMENT_MAX} символов); его видят ` +
    'родители в электронном дневнике. Пусто — комментарий не меняется.',
}

export const lessonCommentColumn: Column = {
  key: 'comment',
  title: 'Комментарий к уроку',
  aliases: ['Рекомендации', 'Рекомендации учителя', 'Комментарий учителя к уроку'],
  doc:
    'Необязательно. Комментарий или рекомендация учителя всему классу (группе) к ' +
    `уроку, до ${COMMENT_MAX} символов. Пусто — комментарий не меняется.`,
}

type Stored = { id: string; text: string }
type NewComment = { id: string; lessonId: string; markId: string | null; pupilId: string | null; authorId: string | null; text: string }

/** New and changed comments of one file; written after the rows they belong to (a new mark or lesson first). */
export class CommentChanges {
  private readonly creates: NewComment[] = []
  private readonly updates: Array<{ id: string; text: string; authorId: string | null }> = []

  /** Records `text` for a row; true when it changes anything. `found` is the stored comment of the same target. */
  set(found: Stored | undefined, text: string, target: Omit<NewComment, 'id' | 'text'>): boolean {
    if (!text) return false
    if (!found) {
      this.creates.push({ id: newId(), text, ...target })
      return true
    }
    if (found.text === text) return false
    this.updates.push({ id: found.id, text, authorId: target.authorId })
    return true
  }

  async write(tx: Client) {
    const writtenAt = new Date()
    for (let i = 0; i < this.creates.length; i += 500)
      await tx.journalComment.createMany({ data: this.creates.slice(i, i + 500).map((c) => ({ ...c, writtenAt })) })
    for (const u of this.updates)
      await tx.journalComment.update({
        where: { id: u.id },
        data: { text: u.text, writtenAt, ...(u.authorId ? { authorId: u.authorId } : {}) },
      })
  }
}

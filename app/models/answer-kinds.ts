// The Delivery kinds that make up the answer in each status that waits for it: the extract and the credentials
// letter while delivering, the refusal notice once refused. Shared by the server and the application page.
export const ANSWER_KINDS = { delivering: ['extract', 'credentials'], refused: ['refusal-notice'] } as const

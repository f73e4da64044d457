// Registers the mail handlers and tasks with the worker: notifications → letters (outbox handlers), the SMTP
// sender ('mail-send'), the IMAP poll ('mailbox-poll', only when IMAP is configured).
import './outbox-mail.server'
import './send-email.server'
import './mailbox.server'

export { queueEmail, queueDocumentEmail, messageIdFor } from './outbox-mail.server'
export type { EmailAttachment, QueueEmailInput, QueueDocumentEmailInput } from './outbox-mail.server'

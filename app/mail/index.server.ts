// Mail for the worker: notifications → letters (outbox handlers, registered by outbox-mail.server.ts), the SMTP
// sender ('mail-send') and the IMAP poll ('mailbox-poll', only when IMAP is configured) — listed in jobs/index.
export { mailSendTask } from './send-email.server'
export { mailboxPollTask } from './mailbox.server'

export { queueEmail, queueDocumentEmail, messageIdFor } from './outbox-mail.server'
export type { EmailAttachment, QueueEmailInput, QueueDocumentEmailInput } from './outbox-mail.server'

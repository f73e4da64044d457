// Page sizes of the staff lists (keyset paging): shared by the .server read models and the screens' pager links.
export const QUEUE_PAGE_SIZE = 50
export const LOG_PAGE_SIZE = 100
/** Newest-first lists: outgoing and incoming mail, the access audit, checks, retention (ADR 048). */
export const LIST_PAGE_SIZE = 50

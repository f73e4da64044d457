/** A refused operation: a Russian message for the user and the HTTP status a route should answer with. */
export class OperationError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 | 429 = 400,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message)
  }
}

export const CONFLICT_MESSAGE =
  'Заявление уже изменил другой сотрудник. Обновите страницу и проверьте его текущее состояние — ваше действие не выполнено.'

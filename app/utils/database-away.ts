/** The heading of a 503 page (app/root.tsx) and the first words of a plain 503 answer (database-away.server.ts, ADR 095). */
export const DATABASE_AWAY_TITLE = 'Сервис временно недоступен'

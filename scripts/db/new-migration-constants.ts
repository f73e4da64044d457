/**
 * The PostgreSQL history (prisma/postgres/migrations) starts with one baseline, 20261205121000_init, equal to the
 * SQLite history up to and including this migration; every later SQLite migration has a twin of the same name.
 */
export const PG_BASELINE_COVERS = '20261205090000_scale_indexes'

-- Application.nextDeliveryAt was never written or read (issue 20, item 10): the periodic schedule is computed from
-- the deliveries (app/jobs/periodic-deliveries.server.ts). Dropped in place rather than by Prisma's RedefineTables,
-- which would rebuild "Application" and lose its tally triggers (20261205090000_scale_indexes); no index, trigger
-- or view names the column. PostgreSQL: the same statement.
ALTER TABLE "Application" DROP COLUMN "nextDeliveryAt";

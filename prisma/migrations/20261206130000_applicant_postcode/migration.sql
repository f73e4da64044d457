-- The applicant's postcode in its own field (issue 19, item 6). Hand-written ADD COLUMN: Application carries
-- triggers, so it is never rebuilt. Rows from before keep '' here; the post label then reads the postcode out of
-- the address, as it did.
-- AlterTable
ALTER TABLE "Application" ADD COLUMN "applicantPostcode" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "StoredDocument" ADD COLUMN "sourceKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "StoredDocument_sourceKey_key" ON "StoredDocument"("sourceKey");


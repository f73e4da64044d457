-- CreateTable
CREATE TABLE "JournalComment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "lessonId" TEXT NOT NULL,
    "markId" TEXT,
    "pupilId" TEXT,
    "authorId" TEXT,
    "text" TEXT NOT NULL,
    "writtenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "JournalComment_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "JournalComment_markId_fkey" FOREIGN KEY ("markId") REFERENCES "Mark" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "JournalComment_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "JournalComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SchoolEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "time" TEXT NOT NULL DEFAULT '',
    "title" TEXT NOT NULL,
    "place" TEXT NOT NULL DEFAULT '',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SchoolEvent_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SchoolEventClass" (
    "eventId" TEXT NOT NULL,
    "classId" TEXT NOT NULL,

    PRIMARY KEY ("eventId", "classId"),
    CONSTRAINT "SchoolEventClass_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "SchoolEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SchoolEventClass_classId_fkey" FOREIGN KEY ("classId") REFERENCES "SchoolClass" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "JournalComment_markId_key" ON "JournalComment"("markId");

-- CreateIndex
CREATE INDEX "JournalComment_lessonId_idx" ON "JournalComment"("lessonId");

-- CreateIndex
CREATE INDEX "JournalComment_pupilId_idx" ON "JournalComment"("pupilId");

-- CreateIndex
CREATE INDEX "SchoolEvent_schoolId_date_idx" ON "SchoolEvent"("schoolId", "date");

-- CreateIndex
CREATE INDEX "SchoolEventClass_classId_idx" ON "SchoolEventClass"("classId");


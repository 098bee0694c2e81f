-- Questions may now be authored in the studio (kind question, source authored), as exercises are.
ALTER TABLE "Exercise" DROP CONSTRAINT "Exercise_question_builtin";

-- Nothing on SQLite: its writers take turns, so a trigger always reads the application as its write finds it. The
-- PostgreSQL twin reads the application only after it holds the school's stamp row (ADR 085).
SELECT 1;

// The text rules of ADR 027 live in workflows/text.ts (pure, so that the procedure schemas in workflows/ clean text
// with the same rules: the school events' form, ADR 067); the app's imports keep this address.
export * from '#workflows/text'

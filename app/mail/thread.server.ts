import type { Application, Prisma, PrismaClient } from '#app/generated/prisma/client'

/** Letters about an application that came by e-mail answer the parent's message, so they thread together. */
export async function threadOf(
  client: Prisma.TransactionClient | PrismaClient,
  app: Pick<Application, 'inboundMessageId'>,
): Promise<{ inReplyTo?: string; references?: string[] }> {
  if (!app.inboundMessageId) return {}
  const inbound = await client.inboundMessage.findUnique({ where: { id: app.inboundMessageId }, select: { messageId: true } })
  return inbound && !inbound.messageId.endsWith('@no-message-id>') ? { inReplyTo: inbound.messageId, references: [inbound.messageId] } : {}
}

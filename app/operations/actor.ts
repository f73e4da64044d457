import type { Actor, Role } from '#workflows/application.machine'

/** Who performs a step: a signed-in user, the applicant by private link, or the system (worker). */
export type OperationActor = { userId: string | null; name: string; roles: Role[] }

export const SYSTEM_ACTOR: OperationActor = { userId: null, name: 'Система', roles: ['system'] }
export const APPLICANT_ACTOR: OperationActor = { userId: null, name: 'Заявитель', roles: ['applicant'] }

export function actorOf(user: { id: string; displayName: string; roles: string[] }): OperationActor {
  return { userId: user.id, name: user.displayName, roles: user.roles as Role[] }
}

export function machineActor(actor: OperationActor): Actor {
  return { userId: actor.userId ?? undefined, roles: actor.roles }
}

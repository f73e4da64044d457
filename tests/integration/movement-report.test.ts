// Положение 4.3.8 («сводная ведомость учета движения учащихся») and 4.6.3 («динамика движения обучающихся по школе;
// наполняемость классов»): the journal reports include the pupils' movement over the current year.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { loader } from '#app/routes/staff.reports.movement'
import { signIn } from '#tests/helpers/auth'
import { getRequest, settle } from '#tests/helpers/http'

type Row = { className: string; atStart: number; arrived: number; movedIn: number; left: number; movedOut: number; now: number }

async function report(login: string) {
  const cookie = await signIn(login)
  const res = await settle(() => loader({ request: getRequest('/staff/reports/movement', cookie), params: {}, context: {} }))
  return { status: res.status, body: res.status === 200 ? await res.json() : null }
}

describe('the movement report', () => {
  it('gives the deputy director every class: at the start, arrived, left, now — and each movement', async () => {
    const { status, body } = await report('deputy')
    expect(status).toBe(200)
    const rows: Row[] = body.rows
    const eightA = rows.find((r) => r.className === '8А')!
    expect(eightA.left).toBe(1)
    expect(eightA.now).toBe(await db.pupil.count({ where: { class: { name: '8А', academicYear: { current: true } }, leftOn: null } }))
    for (const r of rows) expect(r.atStart).toBe(r.now - r.arrived - r.movedIn + r.left + r.movedOut)
    const arrivals = await db.pupilMovement.count({ where: { kind: 'arrived' } })
    expect(body.total.arrived).toBe(arrivals)
    expect(body.total.now).toBe(rows.reduce((n, r) => n + r.now, 0))
    expect(body.movements).toContainEqual(expect.objectContaining({ kind: 'выбыл(а)', from: '8А', note: 'выбыл в связи с переездом' }))
  })

  it('gives a class teacher their own class only, and a parent nothing', async () => {
    const popova = await db.staff.findFirstOrThrow({ where: { user: { login: 'popova.ym' } }, include: { classesLed: true } })
    const { body } = await report('popova.ym')
    expect(body.rows.map((r: Row) => r.className).sort()).toEqual(popova.classesLed.map((c) => c.name).sort())
    expect((await report('parent')).status).toBe(403)
  })
})

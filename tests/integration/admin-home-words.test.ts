// The administrator's overview (/admin): the words after its figures agree with them (workflows/plural, the product's
// one plural rule) — «3 родителей с доступом», «1 успешных» were read on the demo's screen.
import { describe, expect, it } from 'vitest'
import { loader as adminHome } from '#app/routes/admin._index'
import { signIn } from '#tests/helpers/auth'
import { getRequest, settle } from '#tests/helpers/http'

const args = (request: Request) => ({ request, params: {}, context: {} })

describe('the administrator’s overview', () => {
  it('puts each figure’s word in the form its number takes', async () => {
    const cookie = await signIn('admin')
    const { overview, words } = await (await settle(() => adminHome(args(getRequest('/admin', cookie))))).json()
    const form = (n: number, one: string, few: string, many: string) => {
      const mod10 = n % 10
      const mod100 = n % 100
      return mod10 === 1 && mod100 !== 11 ? one : mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14) ? few : many
    }
    expect(words).toEqual({
      staff: form(overview.staffUsers, 'сотрудник', 'сотрудника', 'сотрудников'),
      parents: form(overview.parentUsers, 'родитель', 'родителя', 'родителей'),
      lessons: form(overview.lessons, 'урок', 'урока', 'уроков'),
      marks: form(overview.marks, 'оценка', 'оценки', 'оценок'),
      signIns: form(overview.signInsToday, 'успешный', 'успешных', 'успешных'),
      failed: form(overview.failedToday, 'неудачный', 'неудачных', 'неудачных'),
    })
    // The sign-in just made counts: at least one, and «1 успешный» is not «1 успешных».
    expect(overview.signInsToday).toBeGreaterThan(0)
  })
})

// The percentiles of a period read from two kept sorted arrays (ADR 075) without merging them: the i-th value of the
// union by bisection must be the sorted union's i-th value, ties and empty sides included.
import { describe, expect, it } from 'vitest'
import { kthOfTwo } from './period-part.server'

function prng(seed: number) {
  let x = seed
  return () => (x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648
}

describe('kthOfTwo', () => {
  it('is the i-th value of the sorted union for every i, over random arrays with ties and empty sides', () => {
    const rnd = prng(75)
    for (let round = 0; round < 200; round++) {
      const make = () => Float64Array.from({ length: Math.floor(rnd() * 12) }, () => Math.floor(rnd() * 8) * 60_000).sort()
      const a = make()
      const b = make()
      const union = [...a, ...b].sort((x, y) => x - y)
      for (let i = 0; i < union.length; i++) expect(kthOfTwo(a, b, i)).toBe(union[i])
    }
  })
})

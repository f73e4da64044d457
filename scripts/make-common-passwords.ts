// Generates app/utils/common-passwords.txt: passwords people actually choose, refused when a password is set or
// changed (app/utils/password.server.ts, issue 13 item 10). Made here from well-known patterns, no download:
// the classic top passwords, keyboard walks on the Latin and Russian layouts, Russian words typed in Russian,
// in transliteration and on the Latin layout by mistake («пароль» → «gfhjkm»), school words and names. Run: npx tsx
// scripts/make-common-passwords.ts
import fs from 'node:fs'
import path from 'node:path'

const TOP = `123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123 football
monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321 superman 1qaz2wsx
7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster soccer harley
batman andrew tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel starwars klaster 112233
george computer michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753
aaaaaa ginger princess joshua cheese amanda summer love ashley nicole chelsea biteme matthew access yankees
987654321 dallas austin thunder taylor matrix minecraft welcome admin administrator passw0rd password1 p@ssw0rd
qwerty123 1q2w3e4r 1q2w3e4r5t 1q2w3e 1q2w3e4r5t6y zaq12wsx q1w2e3r4 q1w2e3r4t5 a1b2c3d4 abcd1234 aa123456
changeme secret default guest root user test test123 demo login qwe123 asd123 zxc123 123abc abc12345 iloveyou1
letmein1 welcome1 monkey1 dragon1 sunshine1 princess1 football1 baseball1 master1 superman1 batman1 qwertyui
asdfghjkl zxcvbnm1 1qazxsw2 qweasdzxc qweasd 123qweasd 1234qwer qwer1234 asdf1234 zxcv1234 1111111111 0000000000
1234512345 123123123 12341234 11223344 123454321 147258369 159357 147258 741852963 789456123 963852741 internet
samsung google apple iphone android nokia yandex mailru vkontakte odnoklassniki spartak zenit cska dinamo`

/** Keyboard walks: Latin rows, Russian rows (ЙЦУКЕН) and the Russian rows typed on the Latin layout. */
const WALKS = `qwerty qwertyu qwertyui qwertyuiop asdfgh asdfghj asdfghjk asdfghjkl zxcvbn zxcvbnm qazwsx qazwsxedc
1qaz2wsx3edc qwertyasdfgh йцукен йцукенг йцукенгш йцукенгшщз йцукенгшщзхъ фывапр фывапро фывапрол фывапролд
фывапролдж фывапролджэ ячсмит ячсмить йфяцычувс йцукенфыва фыва ячсм йцук 1йцукен 1й2ц3у4к 1й2ц3у4к5е`

/** Russian words people use, written in Cyrillic. */
const RUSSIAN = `пароль привет любовь солнышко солнце наташа максим александр саша сашенька андрей сергей дима
дмитрий алексей лёша леша марина настя анастасия екатерина катя катюша оля ольга таня татьяна лена елена
светлана света ирина ира юля юлия маша мария аня анна наталья вика виктория ксюша ксения даша дарья
россия москва питер родина школа учитель ученик дневник журнал директор родитель мама папа сынок дочка
семья зайка котик киска рыбка малыш ласточка мишка медведь собака кошка цветок ромашка весна лето осень
зима счастье удача победа спартак зенит динамо футбол хоккей компьютер интернет секрет доступ вход
пароль1 пароль123 привет123 любовь123 школа123 успеваемость справка оценки отметки пятёрка пятерка`

/** Transliterations. */
const TRANSLIT = `parol parol1 privet lubov lyubov lubimaya solnyshko solnce natasha maksim maxim aleksandr alexandr
sasha andrey andrei sergey sergei dima dmitriy dmitry aleksey alexey marina nastya anastasia ekaterina katya
olga tanya tatyana lena elena svetlana sveta irina yulia masha maria anya anna natalya vika viktoria ksusha
dasha darya rossiya russia moskva moscow piter rodina shkola uchitel uchenik dnevnik zhurnal direktor
roditel mama papa semya zaika kotik kiska rybka malysh mishka medved sobaka koshka vesna leto osen zima
schastye udacha pobeda futbol hokkey kompyuter sekret dostup vhod spravka ocenki pyaterka`

/** Russian → the keys of the Latin layout (what «пароль» becomes when the layout was not switched). */
const RU_KEYS: Record<string, string> = {
  й: 'q',
  ц: 'w',
  у: 'e',
  к: 'r',
  е: 't',
  н: 'y',
  г: 'u',
  ш: 'i',
  щ: 'o',
  з: 'p',
  х: '[',
  ъ: ']',
  ф: 'a',
  ы: 's',
  в: 'd',
  а: 'f',
  п: 'g',
  р: 'h',
  о: 'j',
  л: 'k',
  д: 'l',
  ж: ';',
  э: "'",
  я: 'z',
  ч: 'x',
  с: 'c',
  м: 'v',
  и: 'b',
  т: 'n',
  ь: 'm',
  б: ',',
  ю: '.',
  ё: '`',
}
const LATIN_KEYS: Record<string, string> = Object.fromEntries(Object.entries(RU_KEYS).map(([ru, en]) => [en, ru]))

const onLatin = (word: string) => [...word].map((c) => RU_KEYS[c] ?? c).join('')
const onRussian = (word: string) => [...word].map((c) => LATIN_KEYS[c] ?? c).join('')

const words = (text: string) => text.split(/\s+/).filter(Boolean)

/**
 * The list holds the words themselves: the check (passwordProblem) also strips the digits and signs people add
 * around a word («Natasha1985!» → «natasha»), so «qwerty», «йцукен» or «gfhjkm» with any year is refused too.
 */
function build(): string[] {
  const out = new Set<string>()
  const add = (p: string) => {
    const v = p.toLowerCase()
    if (v.length >= 4) out.add(v)
  }
  for (const w of [...words(TOP), ...words(WALKS), ...words(TRANSLIT)]) add(w)
  for (const w of words(RUSSIAN)) {
    add(w)
    add(onLatin(w)) // пароль → gfhjkm
    add(w.replaceAll('ё', 'е'))
  }
  for (const w of [...words(WALKS), ...words(TOP)]) if (/^[a-z0-9]+$/.test(w)) add(onRussian(w)) // qwerty → йцукен
  for (const w of [...out]) add(w + w)
  return [...out].sort()
}

const list = build()
const file = path.join(import.meta.dirname, '..', 'app', 'utils', 'common-passwords.txt')
fs.writeFileSync(file, `${list.join('\n')}\n`)
console.log(`${list.length} паролей → ${path.relative(process.cwd(), file)}`)

/**
 * Deterministic people for demos, benches and tests: a seeded generator of
 * names, national IDs (GB 11643, the sequence digit's parity matching the
 * gender), birth, joining and full-membership dates. Same seed, same people.
 */
import { addDays } from '../domain/dates.ts';
import { nationalIdCheckChar } from '../domain/national-id.ts';
import type { Category, Personnel } from '../domain/types.ts';

/** mulberry32: a tiny seeded PRNG, plenty for demo data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN_M =
  '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘';
const GIVEN_F =
  '秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽';
const ETHNICITIES = [
  '汉族',
  '汉族',
  '汉族',
  '汉族',
  '汉族',
  '汉族',
  '汉族',
  '汉族',
  '回族',
  '满族',
  '蒙古族',
  '壮族',
];

export interface Person {
  name: string;
  gender: 'M' | 'F';
  ethnicity: string;
  birth: string;
  nationalId: string;
  joined: string;
  fullOn?: string;
  category: Category;
  personnel: Personnel;
  cadre: boolean;
}

/**
 * The n-th person of a seeded population (`seed` picks the population; `n`
 * keeps IDs unique within it: the sequence digits and the address code vary with n).
 * `today` bounds the dates: everyone is 18 or more at joining, which is in the past.
 */
export function personAt(
  seed: number,
  n: number,
  today: string,
  personnel: Personnel = 'other',
): Person {
  const r = prng(seed * 1_000_003 + n);
  const pick = <T>(xs: ArrayLike<T>) => xs[Math.floor(r() * xs.length)]!;
  const gender: 'M' | 'F' = r() < 0.72 ? 'M' : 'F';
  const given = gender === 'M' ? GIVEN_M : GIVEN_F;
  const name = pick(SURNAMES) + pick(given) + (r() < 0.6 ? pick(given) : '');
  const thisYear = Number(today.slice(0, 4));
  const age = 22 + Math.floor(r() * 38);
  const birth = addDays(`${thisYear - age}-01-01`, Math.floor(r() * 365));
  // 6-digit address code: a 3301xx district (杭州) varied by n; sequence: n's low digits, parity = gender.
  const address = `33${String(1 + ((n >> 9) % 90)).padStart(2, '0')}${String((n >> 3) % 64).padStart(2, '0')}`;
  const seq = ((n * 2) % 1000) + (gender === 'M' ? 1 : 0);
  const first17 = `${address}${birth.replaceAll('-', '')}${String(seq % 1000).padStart(3, '0')}`;
  const nationalId = first17 + nationalIdCheckChar(first17);
  const adult = addDays(birth, 18 * 366);
  const span = Math.max(30, Math.floor((Date.parse(today) - Date.parse(adult)) / 86_400_000) - 30);
  const joined = addDays(adult, Math.floor(r() * span));
  const fullCandidate = addDays(joined, 365);
  const probationary = fullCandidate >= today;
  return {
    name,
    gender,
    ethnicity: pick(ETHNICITIES),
    birth,
    nationalId,
    joined,
    ...(probationary ? {} : { fullOn: fullCandidate }),
    category: probationary ? 'probationary' : 'full',
    personnel,
    cadre: r() < 0.15,
  };
}

/** The paper roster's header, and a person as a roster row (what `pmcert import members` reads). */
export const ROSTER_HEADERS = [
  '姓名',
  '性别',
  '民族',
  '出生日期',
  '公民身份号码',
  '入党日期',
  '转正日期',
  '党员类别',
  '人员类别',
  '是否干部',
  '所在党组织',
] as const;
const PERSONNEL_ZH: Record<Personnel, string> = {
  police: '民警',
  auxiliary: '辅警',
  military_transfer: '军转干部',
  student: '学生',
  other: '其他',
};
export function rosterRow(p: Person, org: string): string[] {
  return [
    p.name,
    p.gender === 'M' ? '男' : '女',
    p.ethnicity,
    p.birth,
    p.nationalId,
    p.joined,
    p.fullOn ?? '',
    p.category === 'full' ? '正式党员' : '预备党员',
    PERSONNEL_ZH[p.personnel],
    p.cadre ? '是' : '否',
    org,
  ];
}

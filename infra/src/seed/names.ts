import { weightedPicker, type Rng } from './rng.ts';
import type { Gender } from '@edugraph/shared/records';

/**
 * Plausible Chinese names: surnames by their frequency (national ranking, nudged toward
 * Zhejiang where 陈, 金, 沈, 叶, 应, 楼 are common), given names of one or two characters drawn
 * from pools that differ by gender and by generation (students born after 2005, teachers before).
 */
const SURNAMES: [string, number][] = [
  ['王', 71],
  ['李', 60],
  ['张', 62],
  ['刘', 40],
  ['陈', 75],
  ['杨', 31],
  ['黄', 24],
  ['赵', 18],
  ['吴', 30],
  ['周', 25],
  ['徐', 26],
  ['孙', 15],
  ['马', 12],
  ['朱', 19],
  ['胡', 16],
  ['郭', 9],
  ['何', 11],
  ['林', 14],
  ['高', 10],
  ['罗', 8],
  ['郑', 10],
  ['梁', 6],
  ['谢', 7],
  ['宋', 6],
  ['唐', 5],
  ['许', 7],
  ['韩', 5],
  ['冯', 5],
  ['邓', 5],
  ['曹', 5],
  ['彭', 4],
  ['曾', 4],
  ['肖', 4],
  ['田', 4],
  ['董', 4],
  ['袁', 4],
  ['潘', 6],
  ['于', 3],
  ['蒋', 6],
  ['蔡', 5],
  ['余', 5],
  ['杜', 3],
  ['叶', 8],
  ['程', 3],
  ['苏', 3],
  ['魏', 3],
  ['吕', 3],
  ['丁', 3],
  ['任', 3],
  ['沈', 8],
  ['姚', 4],
  ['卢', 3],
  ['姜', 3],
  ['崔', 2],
  ['钟', 3],
  ['谭', 2],
  ['陆', 5],
  ['汪', 5],
  ['范', 3],
  ['金', 8],
  ['石', 2],
  ['廖', 2],
  ['贾', 2],
  ['夏', 3],
  ['韦', 1],
  ['方', 5],
  ['邵', 4],
  ['孟', 2],
  ['章', 4],
  ['俞', 5],
  ['应', 3],
  ['楼', 2],
  ['钱', 3],
  ['毛', 3],
  ['项', 2],
  ['施', 3],
  ['严', 2],
  ['洪', 2],
  ['倪', 2],
  ['鲍', 1],
  ['欧阳', 0.6],
  ['诸葛', 0.2],
  ['司马', 0.1],
  ['上官', 0.1],
];

const STUDENT_MALE =
  '浩宇轩子梓睿泽晨俊博文一明辰逸杰凯航阳锦嘉安乐宸熙皓然铭昊天翔宏奕恒毅诚哲煜涛源瑞霖彦钧霆楷';
const STUDENT_FEMALE = '涵欣怡诺佳思雨可心若依语馨悦瑶琪萱妍一子梓晨嘉安乐熙语桐沐雅婉静彤玥璐芊茜菲蕊芷晴姝';
const ADULT_MALE = '伟强磊军洋勇杰涛明超刚斌鹏海林峰建国华平辉飞波宁浩俊文东亮永新志春德军成兵祥龙云';
const ADULT_FEMALE = '芳娜敏静丽艳娟秀霞平桂英红玲燕晓梅琳丹萍雪婷慧莉华琴莹颖倩洁清佳春燕凤兰月';

const pickSurname = weightedPicker(SURNAMES);

export function personName(rng: Rng, gender: Gender, generation: 'student' | 'adult'): string {
  const pool =
    generation === 'student'
      ? gender === 'MALE'
        ? STUDENT_MALE
        : STUDENT_FEMALE
      : gender === 'MALE'
        ? ADULT_MALE
        : ADULT_FEMALE;
  const surname = pickSurname(rng);
  const first = pool[Math.floor(rng.next() * pool.length)]!;
  // Two-character given names dominate among the young; single ones were common before 2000.
  if (rng.chance(generation === 'student' ? 0.12 : 0.3)) return surname + first;
  let second = pool[Math.floor(rng.next() * pool.length)]!;
  if (second === first && rng.chance(0.7)) second = pool[Math.floor(rng.next() * pool.length)]!;
  return surname + first + second;
}

const PLACE_FIRST = '东西南北新石青白金黄龙凤桃梅竹松枫溪湖清长安永太和大小上下前后横里塘茶';
const PLACE_SECOND = '桥溪山岭塘坑湾岙口源浦坞头田港洋埠畈村川坪岗圩';

/** A two-character town or village name such as 石桥, 青溪, 龙岙. */
export function placeName(rng: Rng): string {
  return rng.pick([...PLACE_FIRST]) + rng.pick([...PLACE_SECOND]);
}

const ROAD = '人民解放建设文化中山和平新华学院环城凤起庆春延安体育江南滨江迎宾';
export function streetAddress(rng: Rng): string {
  const chars = [...ROAD];
  const i = rng.int(0, chars.length / 2 - 1) * 2;
  return `${chars[i]}${chars[i + 1]}${rng.pick(['路', '街', '大道'])}${rng.int(1, 999)}号`;
}

/**
 * Ethnicities by GB 3304 name: 汉族 by far; 畲族 is Zhejiang's largest minority (景宁畲族自治县);
 * migrant families bring others.
 */
const ETHNICITIES: [string, number][] = [
  ['汉族', 9880],
  ['畲族', 40],
  ['土家族', 18],
  ['苗族', 16],
  ['布依族', 10],
  ['回族', 8],
  ['壮族', 6],
  ['侗族', 6],
  ['彝族', 5],
  ['满族', 5],
  ['白族', 2],
  ['瑶族', 2],
  ['蒙古族', 1],
  ['朝鲜族', 1],
];
const pickEthnicity = weightedPicker(ETHNICITIES);

export function ethnicity(rng: Rng, countyCode: string): string {
  // In 景宁 about one person in ten is 畲族.
  if (countyCode === '331127' && rng.chance(0.1)) return '畲族';
  return pickEthnicity(rng);
}

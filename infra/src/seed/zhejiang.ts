/**
 * 浙江省 (330000): its 11 prefecture-level cities and 90 county-level divisions with their
 * GB/T 2260 codes and names, and a rough population weight (2020 census, 10,000s) that decides
 * how many schools each county gets. Districts (区) are mostly urban, counties (县) mostly rural.
 */
export interface CountyInfo {
  code: string;
  name: string;
  /** Population in 10,000s, for weighting. */
  weight: number;
}
export interface CityInfo {
  code: string;
  name: string;
  counties: CountyInfo[];
}

const c = (code: string, name: string, weight: number): CountyInfo => ({ code, name, weight });

export const ZHEJIANG = {
  code: '330000',
  name: '浙江省',
  cities: [
    {
      code: '330100',
      name: '杭州市',
      counties: [
        c('330102', '上城区', 132),
        c('330105', '拱墅区', 118),
        c('330106', '西湖区', 115),
        c('330108', '滨江区', 50),
        c('330109', '萧山区', 201),
        c('330110', '余杭区', 126),
        c('330111', '富阳区', 83),
        c('330112', '临安区', 64),
        c('330113', '临平区', 118),
        c('330114', '钱塘区', 77),
        c('330122', '桐庐县', 45),
        c('330127', '淳安县', 33),
        c('330182', '建德市', 44),
      ],
    },
    {
      code: '330200',
      name: '宁波市',
      counties: [
        c('330203', '海曙区', 103),
        c('330205', '江北区', 49),
        c('330206', '北仑区', 82),
        c('330211', '镇海区', 50),
        c('330212', '鄞州区', 161),
        c('330213', '奉化区', 58),
        c('330225', '象山县', 57),
        c('330226', '宁海县', 70),
        c('330281', '余姚市', 125),
        c('330282', '慈溪市', 183),
      ],
    },
    {
      code: '330300',
      name: '温州市',
      counties: [
        c('330302', '鹿城区', 128),
        c('330303', '龙湾区', 78),
        c('330304', '瓯海区', 96),
        c('330305', '洞头区', 10),
        c('330324', '永嘉县', 87),
        c('330326', '平阳县', 76),
        c('330327', '苍南县', 84),
        c('330328', '文成县', 29),
        c('330329', '泰顺县', 27),
        c('330381', '瑞安市', 152),
        c('330382', '乐清市', 145),
        c('330383', '龙港市', 46),
      ],
    },
    {
      code: '330400',
      name: '嘉兴市',
      counties: [
        c('330402', '南湖区', 63),
        c('330411', '秀洲区', 73),
        c('330421', '嘉善县', 65),
        c('330424', '海盐县', 46),
        c('330481', '海宁市', 108),
        c('330482', '平湖市', 69),
        c('330483', '桐乡市', 103),
      ],
    },
    {
      code: '330500',
      name: '湖州市',
      counties: [
        c('330502', '吴兴区', 87),
        c('330503', '南浔区', 55),
        c('330521', '德清县', 55),
        c('330522', '长兴县', 68),
        c('330523', '安吉县', 59),
      ],
    },
    {
      code: '330600',
      name: '绍兴市',
      counties: [
        c('330602', '越城区', 104),
        c('330603', '柯桥区', 110),
        c('330604', '上虞区', 83),
        c('330624', '新昌县', 44),
        c('330681', '诸暨市', 122),
        c('330683', '嵊州市', 68),
      ],
    },
    {
      code: '330700',
      name: '金华市',
      counties: [
        c('330702', '婺城区', 102),
        c('330703', '金东区', 52),
        c('330723', '武义县', 46),
        c('330726', '浦江县', 46),
        c('330727', '磐安县', 18),
        c('330781', '兰溪市', 57),
        c('330782', '义乌市', 186),
        c('330783', '东阳市', 109),
        c('330784', '永康市', 96),
      ],
    },
    {
      code: '330800',
      name: '衢州市',
      counties: [
        c('330802', '柯城区', 46),
        c('330803', '衢江区', 37),
        c('330822', '常山县', 26),
        c('330824', '开化县', 25),
        c('330825', '龙游县', 36),
        c('330881', '江山市', 50),
      ],
    },
    {
      code: '330900',
      name: '舟山市',
      counties: [
        c('330902', '定海区', 52),
        c('330903', '普陀区', 38),
        c('330921', '岱山县', 20),
        c('330922', '嵊泗县', 7),
      ],
    },
    {
      code: '331000',
      name: '台州市',
      counties: [
        c('331002', '椒江区', 63),
        c('331003', '黄岩区', 64),
        c('331004', '路桥区', 60),
        c('331022', '三门县', 35),
        c('331023', '天台县', 40),
        c('331024', '仙居县', 42),
        c('331081', '温岭市', 142),
        c('331082', '临海市', 111),
        c('331083', '玉环市', 64),
      ],
    },
    {
      code: '331100',
      name: '丽水市',
      counties: [
        c('331102', '莲都区', 60),
        c('331121', '青田县', 50),
        c('331122', '缙云县', 40),
        c('331123', '遂昌县', 20),
        c('331124', '松阳县', 20),
        c('331125', '云和县', 12),
        c('331126', '庆元县', 14),
        c('331127', '景宁畲族自治县', 11),
        c('331181', '龙泉市', 25),
      ],
    },
  ] satisfies CityInfo[],
};

/**
 * Counties that get schools first: a small demo lands in a few Hangzhou counties (urban
 * districts and a rural county, so teaching points exist); larger sizes spread over the rest.
 * 330102 comes first so the first primary school, 2133000001, sits in 上城区.
 */
export const DEMO_COUNTY_ORDER = ['330102', '330127', '330106', '330110', '330182', '330122'];

/** Share of a county's schools that are urban, by the kind of county-level division. */
export function urbanShare(countyName: string): number {
  if (countyName.endsWith('区')) return 0.85;
  if (countyName.endsWith('市')) return 0.55;
  return 0.35;
}

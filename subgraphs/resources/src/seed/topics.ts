import type { Stage, Subject } from '../catalog.ts';

/**
 * Lesson topics of the national curriculum, by subject and stage, with the grade they are
 * taught in: the demo catalog's titles are built from them.
 */
export interface TopicBank {
  subject: Subject;
  stage: Stage;
  editions: readonly string[];
  topics: readonly (readonly [grade: number, topic: string, chapter: string])[];
}

export const topicBanks: readonly TopicBank[] = [
  {
    subject: 'CHINESE',
    stage: 'PRIMARY',
    editions: ['统编版'],
    topics: [
      [1, '天地人', '第一单元 识字'],
      [1, '小小的船', '第四单元 课文'],
      [2, '小蝌蚪找妈妈', '第一单元 课文'],
      [2, '坐井观天', '第五单元 课文'],
      [3, '秋天的雨', '第二单元 课文'],
      [3, '司马光', '第八单元 课文'],
      [4, '观潮', '第一单元 课文'],
      [4, '爬山虎的脚', '第三单元 课文'],
      [5, '草船借箭', '第二单元 课文'],
      [5, '圆明园的毁灭', '第四单元 课文'],
      [6, '草原', '第一单元 课文'],
      [6, '少年闰土', '第八单元 课文'],
    ],
  },
  {
    subject: 'MATH',
    stage: 'PRIMARY',
    editions: ['人教版', '北师大版', '苏教版'],
    topics: [
      [1, '20以内的进位加法', '第八单元'],
      [1, '认识图形', '第四单元'],
      [2, '表内乘法', '第四单元'],
      [2, '认识时间', '第七单元'],
      [3, '分数的初步认识', '第八单元'],
      [3, '长方形和正方形', '第七单元'],
      [4, '大数的认识', '第一单元'],
      [4, '平行四边形和梯形', '第五单元'],
      [5, '小数乘法', '第一单元'],
      [5, '多边形的面积', '第六单元'],
      [5, '分数的意义和性质', '第四单元'],
      [6, '圆的周长与面积', '第五单元'],
      [6, '比和比例', '第四单元'],
      [6, '分数', '整理和复习'],
    ],
  },
  {
    subject: 'ENGLISH',
    stage: 'PRIMARY',
    editions: ['人教版(PEP)', '外研版'],
    topics: [
      [3, 'Hello! 问候与介绍', 'Unit 1'],
      [3, 'Colours 颜色', 'Unit 2'],
      [4, 'My classroom 我的教室', 'Unit 1'],
      [5, 'What would you like? 点餐', 'Unit 3'],
      [6, 'How do you go there? 出行方式', 'Unit 2'],
    ],
  },
  {
    subject: 'SCIENCE',
    stage: 'PRIMARY',
    editions: ['教科版'],
    topics: [
      [3, '水的三态变化', '第一单元 水'],
      [4, '声音是怎样产生的', '第一单元 声音'],
      [5, '光的传播', '第一单元 光'],
      [6, '地球的运动', '第二单元 地球的运动'],
    ],
  },
  {
    subject: 'MORALITY',
    stage: 'PRIMARY',
    editions: ['统编版'],
    topics: [
      [1, '我上学了', '第一单元'],
      [4, '我们的班规我们订', '第二单元'],
      [6, '我们受特殊保护', '第四单元'],
    ],
  },
  {
    subject: 'MUSIC',
    stage: 'PRIMARY',
    editions: ['人音版'],
    topics: [
      [2, '欣赏《彼得与狼》', '第三单元'],
      [5, '合唱《歌唱祖国》', '第一单元'],
    ],
  },
  {
    subject: 'ART',
    stage: 'PRIMARY',
    editions: ['人美版'],
    topics: [
      [3, '色彩的明与暗', '第二课'],
      [6, '中国传统纹样', '第八课'],
    ],
  },
  {
    subject: 'IT',
    stage: 'PRIMARY',
    editions: ['浙教版'],
    topics: [
      [3, '认识键盘与指法', '第一单元'],
      [5, '用Scratch编程讲故事', '第三单元'],
    ],
  },
  {
    subject: 'CHINESE',
    stage: 'JUNIOR',
    editions: ['统编版'],
    topics: [
      [7, '春', '第一单元'],
      [7, '从百草园到三味书屋', '第三单元'],
      [8, '背影', '第四单元'],
      [8, '桃花源记', '第三单元'],
      [9, '沁园春·雪', '第一单元'],
      [9, '孔乙己', '第二单元'],
    ],
  },
  {
    subject: 'MATH',
    stage: 'JUNIOR',
    editions: ['人教版', '浙教版', '北师大版'],
    topics: [
      [7, '有理数', '第一章'],
      [7, '一元一次方程', '第三章'],
      [8, '全等三角形', '第十二章'],
      [8, '勾股定理', '第十七章'],
      [8, '一次函数', '第十九章'],
      [9, '二次函数', '第二十二章'],
      [9, '圆', '第二十四章'],
      [9, '相似三角形', '第二十七章'],
    ],
  },
  {
    subject: 'ENGLISH',
    stage: 'JUNIOR',
    editions: ['人教版', '外研版'],
    topics: [
      [7, 'My name is Gina 自我介绍', 'Unit 1'],
      [8, 'How often do you exercise? 频率副词', 'Unit 2'],
      [9, 'The passive voice 被动语态', 'Unit 5'],
    ],
  },
  {
    subject: 'PHYSICS',
    stage: 'JUNIOR',
    editions: ['人教版', '沪科版'],
    topics: [
      [8, '光的折射', '第四章 光现象'],
      [8, '浮力', '第十章'],
      [8, '杠杆', '第十二章 简单机械'],
      [9, '欧姆定律', '第十七章'],
      [9, '电功率', '第十八章'],
    ],
  },
  {
    subject: 'CHEMISTRY',
    stage: 'JUNIOR',
    editions: ['人教版'],
    topics: [
      [9, '氧气的实验室制取', '第二单元 我们周围的空气'],
      [9, '质量守恒定律', '第五单元 化学方程式'],
      [9, '酸和碱的中和反应', '第十单元'],
    ],
  },
  {
    subject: 'BIOLOGY',
    stage: 'JUNIOR',
    editions: ['人教版'],
    topics: [
      [7, '练习使用显微镜', '第二单元'],
      [7, '光合作用', '第三单元'],
      [8, '遗传与变异', '第七单元'],
    ],
  },
  {
    subject: 'HISTORY',
    stage: 'JUNIOR',
    editions: ['统编版'],
    topics: [
      [7, '秦统一中国', '第三单元'],
      [7, '隋唐时期', '第一单元'],
      [8, '鸦片战争', '第一单元'],
      [8, '五四运动', '第四单元'],
    ],
  },
  {
    subject: 'GEOGRAPHY',
    stage: 'JUNIOR',
    editions: ['人教版', '湘教版'],
    topics: [
      [7, '地球和地图', '第一章'],
      [8, '中国的气候', '第二章'],
      [8, '长江与黄河', '第二章'],
    ],
  },
  {
    subject: 'MORALITY',
    stage: 'JUNIOR',
    editions: ['统编版'],
    topics: [
      [7, '中学时代', '第一单元'],
      [8, '遵守社会规则', '第二单元'],
      [9, '坚持宪法至上', '第一单元'],
    ],
  },
  {
    subject: 'CHINESE',
    stage: 'SENIOR',
    editions: ['统编版'],
    topics: [
      [10, '劝学', '必修上册 第六单元'],
      [10, '赤壁赋', '必修上册 第七单元'],
      [11, '红楼梦 整本书阅读', '必修下册 第七单元'],
      [12, '过秦论', '选择性必修中册'],
    ],
  },
  {
    subject: 'MATH',
    stage: 'SENIOR',
    editions: ['人教A版', '北师大版'],
    topics: [
      [10, '集合与常用逻辑用语', '必修第一册 第一章'],
      [10, '函数的概念与性质', '必修第一册 第三章'],
      [10, '三角函数', '必修第一册 第五章'],
      [11, '平面向量', '必修第二册 第六章'],
      [11, '数列', '选择性必修第二册 第四章'],
      [12, '导数及其应用', '选择性必修第二册 第五章'],
      [12, '概率与统计', '选择性必修第三册'],
    ],
  },
  {
    subject: 'ENGLISH',
    stage: 'SENIOR',
    editions: ['人教版', '外研版'],
    topics: [
      [10, 'Teenage life 青少年生活', 'Unit 1'],
      [11, 'Cultural heritage 文化遗产', 'Unit 1'],
      [12, '读后续写 写作指导', '写作专题'],
    ],
  },
  {
    subject: 'PHYSICS',
    stage: 'SENIOR',
    editions: ['人教版'],
    topics: [
      [10, '牛顿运动定律', '必修第一册 第四章'],
      [11, '电磁感应', '选择性必修第二册 第二章'],
      [12, '光电效应', '选择性必修第三册 第四章'],
    ],
  },
  {
    subject: 'CHEMISTRY',
    stage: 'SENIOR',
    editions: ['人教版'],
    topics: [
      [10, '物质的量', '必修第一册 第二章'],
      [11, '化学反应速率与化学平衡', '选择性必修1 第二章'],
      [12, '有机化合物的结构特点', '选择性必修3 第一章'],
    ],
  },
  {
    subject: 'BIOLOGY',
    stage: 'SENIOR',
    editions: ['人教版', '浙科版'],
    topics: [
      [10, '细胞的结构', '必修1 第三章'],
      [11, '基因的表达', '必修2 第四章'],
    ],
  },
  {
    subject: 'HISTORY',
    stage: 'SENIOR',
    editions: ['统编版'],
    topics: [
      [10, '中华文明的起源与早期国家', '中外历史纲要上 第一单元'],
      [11, '新航路的开辟', '中外历史纲要下 第三单元'],
    ],
  },
  {
    subject: 'GEOGRAPHY',
    stage: 'SENIOR',
    editions: ['人教版', '湘教版'],
    topics: [
      [10, '大气的受热过程', '必修第一册 第二章'],
      [11, '人口迁移', '必修第二册 第一章'],
    ],
  },
  {
    subject: 'POLITICS',
    stage: 'SENIOR',
    editions: ['统编版'],
    topics: [
      [10, '中国特色社会主义', '必修1'],
      [11, '哲学与文化', '必修4'],
    ],
  },
  {
    subject: 'IT',
    stage: 'SENIOR',
    editions: ['浙教版'],
    topics: [
      [10, '数据与计算 Python编程基础', '必修1 第三章'],
      [11, '人工智能初步', '选择性必修4'],
    ],
  },
];

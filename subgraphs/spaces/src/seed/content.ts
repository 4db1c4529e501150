import type { Rng } from '@edugraph/infra';

/** Realistic Chinese texts for the demo spaces: notices, class posts, reflections, growth records. */
export const schoolNotices = [
  '关于开展“书香校园”读书月活动的通知：本月每位同学至少阅读一本课外书，并在班级空间分享读书笔记。',
  '学校第十届科技节将于下周三开幕，欢迎同学们报名参加创意编程、航模和小发明展示。',
  '国家中小学智慧教育平台使用指南已上传，请各位老师在备课中充分利用优质数字资源。',
  '本学期家长开放日安排：各班级请在班级空间发布具体时间和听课安排。',
  '校园网络升级完成，多媒体教室已全部接入千兆网络，欢迎老师们开展在线互动教学。',
  '防溺水安全教育提醒：请各班主任通过班级空间向家长推送安全告知书。',
];

export const classPosts = [
  '本周语文学习任务：完成第三单元课文朗读打卡，周五前在空间提交朗读音频。',
  '数学小组合作作业已发布，请各小组组长在周四前汇总提交。',
  '明天上午春游，请同学们带好水杯、帽子和垃圾袋，8:00在校门口集合。',
  '本周值日安排已更新，请值日生按时完成教室卫生和电脑关机检查。',
  '英语口语练习：每天跟读课文10分钟，家长签字后拍照上传。',
  '科学课“植物的一生”观察记录表已上传，请大家每周记录一次豆芽生长情况。',
  '班级图书角新到一批图书，欢迎同学们借阅，借书请在登记表上签名。',
  '期中复习资料已推送到班级空间，请同学们按计划复习，有问题随时留言。',
];

export const studentComments = [
  '收到，谢谢老师！',
  '老师，我已经完成了。',
  '请问周五之前交可以吗？',
  '我们小组已经分好工了。',
  '太好了，期待！',
  '我想借《草房子》。',
  '这道题我还不太懂，明天问老师。',
];

export const teacherReflections = [
  '教学反思：今天的朗读课，学生参与度很高，下次可以增加分角色朗读环节。',
  '公开课《春》教学设计初稿，欢迎教研组老师提出修改意见。',
  '本周尝试了翻转课堂，课前微课观看率达到85%，课堂讨论更充分了。',
  '分享一个好用的几何画板课件，适合八年级“勾股定理”的探究活动。',
  '参加了市级信息技术应用能力提升培训，收获很多，整理了学习笔记。',
  '单元作业设计：分层布置，基础题、提高题、拓展题三档可选。',
];

export const growthRecords: Record<string, string[]> = {
  MORAL: ['担任班级图书管理员，认真负责，主动帮助同学。', '在升旗仪式上担任护旗手。'],
  ACADEMIC: ['数学单元测验进步明显，解题思路更加清晰。', '完成了一篇关于家乡运河的研究小报告。'],
  HEALTH: ['坚持每天跳绳1000下，体质测试成绩优秀。', '参加校运动会800米比赛，获得第三名。'],
  ARTS: ['参加学校合唱团，在艺术节演出中表现出色。', '书法作品入选校园书画展。'],
  PRACTICE: ['参加社区垃圾分类志愿服务两小时。', '和同学一起完成了“校园植物调查”综合实践活动。'],
};

export const teacherGrowthComments = [
  '热心集体，继续保持！',
  '进步很大，为你骄傲。',
  '坚持就是胜利，加油！',
  '做事认真细致，是同学们的好榜样。',
];

export const links = [
  { url: 'https://basic.smartedu.cn/syncClassroom', title: '国家中小学智慧教育平台·同步课堂' },
  { url: 'https://basic.smartedu.cn/schoolService', title: '国家中小学智慧教育平台·课后服务' },
];

export const groupSubjects = ['语文', '数学', '英语', '科学'];

export function sample<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
  return out;
}

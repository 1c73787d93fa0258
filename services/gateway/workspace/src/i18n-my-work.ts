// The labels of "My work" (queries, replies, follow-ups, adoptions) in en/fr/es.

import type { Lang } from './i18n.ts';
import { es } from './i18n-my-work-es.ts';
import { fr } from './i18n-my-work-fr.ts';

const en = {
  nav: 'My work',
  title: 'My work',
  needSignIn: 'Sign in to see your work.',
  loadFailed: 'Part of your work could not be loaded. Try again in a moment.',
  // awaiting
  awaiting: 'Queries awaiting my reply',
  awaitingEmpty: 'No query awaits your reply.',
  replied: 'Replied, still open (you may revise)',
  from: (who: string) => `From ${who}`,
  deadline: 'Deadline',
  daysLeft: (n: number) =>
    n < 0
      ? 'Deadline passed'
      : n === 0
        ? 'Last day today'
        : n === 1
          ? '1 day left'
          : `${n} days left`,
  // my queries
  mine: 'My queries',
  mineEmpty: 'You have not launched a query yet.',
  launch: 'Launch a query',
  replies: (n: number) => (n === 1 ? '1 reply' : `${n} replies`),
  status: { open: 'Open', closed: 'Closed' } as Record<string, string>,
  compilation: 'Printable compilation',
  compilationOf: (title: string) => `Printable compilation: ${title}`,
  close: 'Close the query',
  closeConfirm: 'Close this query? Nobody will be able to reply or revise a reply any more.',
  closeYes: 'Yes, close it',
  cancel: 'Cancel',
  closed: 'The query is closed.',
  // recommendations
  recommendations: 'Recommendations addressed to me',
  recommendationsEmpty: 'No recommendation is addressed to you.',
  overdue: 'Overdue',
  due: 'Due',
  noDue: 'No due date',
  myLatest: (status: string) => `Your latest report: ${status}`,
  noReport: 'You have not reported yet.',
  report: 'Report follow-up',
  // a query
  query: 'Query',
  statusLabel: 'Status',
  launchedBy: 'Launched by',
  themes: 'Themes',
  asked: 'Asked',
  everyone: 'Every other participant',
  questions: 'Questions',
  repliesHeading: 'Replies',
  noReplies: 'No reply you may read yet.',
  question: (n: number) => `Question ${n}`,
  yourReply: 'Your reply',
  reviseReply: 'Revise your reply',
  replyHelp: (lang: string) =>
    `Answer in ${lang}. Leave a question empty to skip it; answer at least one.`,
  reviseHelp: (lang: string) =>
    `Your answers in ${lang}; what your reply says in other languages is kept.`,
  replyFor: 'Who may read your reply',
  replyLauncher: (who: string) => `Only ${who}, who asked`,
  replyAll: 'Everyone who may read the query',
  sendReply: 'Send the reply',
  saveRevision: 'Save the revision',
  sending: 'Sending…',
  replySent: 'Your reply was sent.',
  revisionSaved: 'Your reply was revised.',
  stale:
    'Your reply was changed elsewhere meanwhile. The latest saved answers are shown under each question; send again to replace them.',
  latestSaved: 'Latest saved:',
  errAnswers: 'Answer at least one question.',
  closedNoReply: 'The query is closed: replies can no longer be given or revised.',
  back: 'Back to my work',
  // launch
  launchTitle: 'Launch a query to the network',
  launchHelp: (lang: string) =>
    `Write in ${lang}. Anyone may read the questions; each reply is read by you and whoever its author allows.`,
  titleField: 'Title *',
  questionsField: 'Questions * (1 to 20)',
  refField: 'Reference (a-z, 0-9, -)',
  textField: 'Question',
  addQuestion: 'Add a question',
  removeQuestion: (n: number) => `Remove question ${n}`,
  themesField: 'Themes * (1 to 8)',
  askField: 'Who is asked? *',
  askEveryone: 'Every other participant',
  askChosen: 'The participants I choose',
  askList: 'Participants asked',
  deadlineField: 'Deadline * (1 to 90 days from today)',
  launchSubmit: 'Launch the query',
  launched: 'The query is launched.',
  errTitle: 'Give the query a title.',
  errThemes: 'Choose at least one theme (at most 8).',
  errQuestionText: 'Write the question.',
  errDeadline: 'Choose a deadline 1 to 90 days from today.',
  errorSummary: 'There is a problem',
  fixErrors: (n: number) => (n === 1 ? 'Fix 1 field.' : `Fix ${n} fields.`),
  // follow-up
  recommendation: 'Recommendation',
  meeting: 'Meeting',
  addressees: 'Addressed to',
  reports: 'Reports',
  noReports: 'Nobody has reported yet.',
  followUpTitle: 'Report follow-up',
  followUpHelp: (lang: string) => `Say what was done, in ${lang}.`,
  statusField: 'Status *',
  statuses: {
    'not-started': 'Not started',
    planned: 'Planned',
    'in-progress': 'In progress',
    implemented: 'Implemented',
    dropped: 'Dropped',
  } as Record<string, string>,
  followUpText: 'What was done *',
  countriesField: 'Countries concerned (ISO codes, comma-separated, e.g. LK, NP)',
  linksField: 'Links (one web address per line)',
  followUpSubmit: 'Send the report',
  followUpSent: 'Your follow-up was reported.',
  notAddressee: 'Only the meeting’s publisher and the addressees report on this recommendation.',
  errStatus: 'Choose a status.',
  errText: 'Say what was done.',
  // adoptions
  adoptions: 'Adoptions',
  noAdoptions: 'No adoption recorded yet.',
  stages: {
    considering: 'Considering',
    piloting: 'Piloting',
    adopted: 'Adopted',
    adapted: 'Adapted',
    declined: 'Declined',
  } as Record<string, string>,
  localPracticeLink: 'Their own practice',
  lineage: 'Lineage',
  learnedFrom: 'Learned from',
  learnedBy: 'Learned by',
  noLineage: 'No practice is linked to this one yet.',
  adoptTitle: 'We adopted this',
  adoptHelp: (lang: string) =>
    `Say where your secretariat stands with this practice (the note in ${lang}). A later record replaces the earlier one.`,
  stageField: 'Stage *',
  noteField: 'Note',
  localPracticeField: 'Our own practice that follows it (optional)',
  none: 'None',
  adoptSubmit: 'Record our adoption',
  adopted: 'Your adoption was recorded.',
  errStage: 'Choose a stage.',
};

export type MyWorkStrings = typeof en;

/** Every label of "My work", by language. */
export const MY_WORK_STRINGS: Record<Lang, MyWorkStrings> = { en, fr, es };

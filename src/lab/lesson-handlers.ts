// `lesson.*`: the "Why caution" lesson (src/lab/lesson/). Every step runs on the lesson's own
// in-memory lab, never on the person's workspace; the guessing run streams `lesson.progress`.
import type { LabAreaHandlers } from '../shared/lab-api'
import { lessonSteps as steps, type LessonArea } from './lesson/index'
import { wayOutLive } from './lesson/way-out-live'

export function createLessonHandlers(lesson: LessonArea): LabAreaHandlers<'lesson'> {
  const { lab, guessing } = lesson
  return {
    async 'lesson.status'() {
      return lesson.status()
    },
    async 'lesson.start'() {
      await lab.ensure()
      return lesson.status()
    },
    'lesson.reset': () => lesson.reset(),
    'lesson.signIn': (input) => lab.act((open) => steps.signIn(open, input)),
    'lesson.reveal': (input) => lab.act((open) => steps.reveal(open, input)),
    'lesson.guess': (input) => lab.act((open) => guessing.run(open, input)),
    async 'lesson.stopGuessing'() {
      return { stopped: await guessing.stop() }
    },
    'lesson.realUser': () => lab.act((open) => steps.realUser(open)),
    'lesson.compareUsers': (input) => lab.act((open) => steps.compareUsers(open, input)),
    'lesson.scope': (input) => lab.act((open) => steps.askScope(open, input)),
    'lesson.secondFactor': () => lab.act((open) => steps.secondFactor(open)),
    'lesson.sharedPassword': () => lab.act((open) => steps.sharedPassword(open)),
    'lesson.lookalike': (input) => lab.act((open) => steps.lookalike(open, input)),
    'lesson.tokensOutlive': (input) => lab.act((open) => steps.tokensOutlive(open, input)),
    'lesson.wayOut': () => lab.act((open) => steps.wayOut(open)),
    'lesson.migrate': (input) => lab.act((open) => steps.migrate(open, input)),
    'lesson.wayOutLive': () => lab.act((open) => wayOutLive(open)),
  }
}

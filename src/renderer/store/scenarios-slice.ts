// The Scenarios screen: the workspace's scenarios (the lab's; this slice mirrors them), "Save as
// step" from an exchange, and runs — started here, followed through `scenarios.progress` events (and
// a slow poll, in case the browser's event stream drops one), their results fetched when they end.
// The run's credentials live in `runForm`, memory only: the lab never stores them either.
import type { LabInput } from '../../shared/lab-api'
import type {
  ScenarioInput,
  ScenarioProgress,
  ScenarioRun,
  ScenarioStepStatus,
  StoredScenario,
} from '../../shared/scenarios-api'
import type { LabClient } from '../transport/lab-client'
import type { SliceCreator } from './types'

export type RunWhat = 'scenario' | 'all' | 'pack'

export interface RunForm {
  what: RunWhat
  target: 'embedded' | 'url'
  url: string
  clientId: string
  clientSecret: string
  /** How the pack authenticates the client. */
  auth: 'basic' | 'post' | 'none'
  username: string
  password: string
  scope: string
  /** Endpoints for a server without RFC 8414 metadata (they win over discovery). */
  tokenEndpoint: string
  introspectionEndpoint: string
  revocationEndpoint: string
  metadataUrl: string
  /** The pack's timing check: a second, sacrificial user. */
  timingUser: string
  timingPassword: string
}

export const EMPTY_RUN_FORM: RunForm = {
  what: 'scenario',
  target: 'embedded',
  url: '',
  clientId: '',
  clientSecret: '',
  auth: 'basic',
  username: '',
  password: '',
  scope: '',
  tokenEndpoint: '',
  introspectionEndpoint: '',
  revocationEndpoint: '',
  metadataUrl: '',
  timingUser: '',
  timingPassword: '',
}

export const CONFORMANCE_PACK = 'ropc-conformance'

/** The run on display: the lab's record, plus the last step it announced. */
export type RunView = ScenarioRun & { lastStep?: { suite: string; name: string; status: ScenarioStepStatus } }

export type SaveTarget = { kind: 'existing'; name: string } | { kind: 'new'; name: string }

export interface ScenariosSlice {
  scenarios: StoredScenario[]
  scenariosLoaded: boolean
  scenariosProblem: string | null
  selectedScenario: string | null
  runForm: RunForm
  run: RunView | null
  /** The exchange whose "Save as step" form is open in the Inspector. */
  saveAsStepFor: string | null
  /** The scenario the last step was saved into: the next "Save as step" offers it first. */
  lastSaveInto: string | null
  loadScenarios(): Promise<void>
  /** Reloads the list when the lab says it changed (another window, an import); returns the unsubscribe. */
  watchScenarios(): () => void
  selectScenario(name: string | null): void
  saveScenario(definition: ScenarioInput, previousName?: string): Promise<StoredScenario>
  deleteScenario(name: string): Promise<void>
  duplicateScenario(name: string): Promise<StoredScenario>
  openSaveAsStep(exchangeId: string | null): void
  saveExchangeAsStep(exchangeId: string, into: SaveTarget, stepName?: string): Promise<StoredScenario>
  setRunForm(patch: Partial<RunForm>): void
  /** Starts a run; resolves once the lab accepted it (the run goes on), throws the lab's refusal. */
  startRun(): Promise<void>
  exportRun(format: 'junit' | 'json'): Promise<{ fileName: string; mimeType: string; text: string }>
}

const POLL_MS = 2000

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** The `scenarios.run` input the form stands for; empty credentials are left out. */
export function runInput(form: RunForm, scenario: string | null): LabInput<'scenarios.run'> {
  const run =
    form.what === 'pack'
      ? { kind: 'pack' as const, pack: CONFORMANCE_PACK }
      : form.what === 'all' || scenario === null
        ? { kind: 'all' as const }
        : { kind: 'scenario' as const, name: scenario }
  const given = <K extends keyof RunForm>(keys: readonly K[]) =>
    Object.fromEntries(keys.flatMap((k) => (form[k] !== '' ? [[k, String(form[k]).trim()]] : [])))
  const pack = form.what === 'pack'
  const credentials = {
    ...Object.fromEntries(
      (['clientId', 'clientSecret', 'username', 'password', 'scope'] as const).flatMap((k) =>
        form[k] !== '' ? [[k, form[k]]] : [],
      ),
    ),
    ...(pack && form.timingUser !== '' && { timingUser: form.timingUser, timingPassword: form.timingPassword }),
  }
  const endpoints = given(['tokenEndpoint', 'introspectionEndpoint', 'revocationEndpoint', 'metadataUrl'] as const)
  return {
    run,
    target: form.target === 'embedded' ? { kind: 'embedded' } : { kind: 'url', url: form.url.trim(), ...endpoints },
    credentials: { ...credentials, ...(form.what === 'pack' && { auth: form.auth }) },
  }
}

export const createScenariosSlice =
  (client: LabClient): SliceCreator<ScenariosSlice> =>
  (set, get) => {
    async function reload(): Promise<void> {
      try {
        const { items } = await client.call('scenarios.list', {})
        const selected = get().selectedScenario
        set({
          scenarios: items,
          scenariosLoaded: true,
          scenariosProblem: null,
          // A scenario deleted elsewhere is no longer selected.
          ...(selected !== null && !items.some((s) => s.name === selected) && { selectedScenario: null }),
        })
      } catch (err) {
        set({ scenariosProblem: message(err) })
      }
    }

    /** Follows one run until it ends: events first, a poll as the safety net. */
    function follow(runId: string, early: ScenarioProgress[]): (p: ScenarioProgress) => void {
      let ended = false
      const timer = setInterval(() => void refresh(), POLL_MS)
      async function refresh(): Promise<void> {
        try {
          const record = await client.call('scenarios.result', { runId })
          const current = get().run
          // An answer that crossed the run's end (or a newer event) says nothing new.
          if (ended || current?.runId !== runId) return
          const done = record.status === 'running' ? Math.max(record.done, current.done) : record.done
          set({ run: { ...record, done, ...(current.lastStep && { lastStep: current.lastStep }) } })
          if (record.status !== 'running') stop()
        } catch (err) {
          set({ scenariosProblem: message(err) })
          stop()
        }
      }
      function stop(): void {
        ended = true
        clearInterval(timer)
        off()
      }
      const apply = (p: ScenarioProgress) => {
        const current = get().run
        if (ended || p.runId !== runId || current?.runId !== runId) return
        set({
          run: {
            ...current,
            done: p.done,
            total: p.total,
            ...(p.step && { lastStep: p.step }),
          },
        })
        if (p.status !== 'running') void refresh()
      }
      const off = client.on('scenarios.progress', apply)
      early.forEach(apply)
      // What the run is, in words (the lab's label), at once rather than at the first poll.
      if (!ended) void refresh()
      return apply
    }

    return {
      scenarios: [],
      scenariosLoaded: false,
      scenariosProblem: null,
      selectedScenario: null,
      runForm: EMPTY_RUN_FORM,
      run: null,
      saveAsStepFor: null,
      lastSaveInto: null,
      loadScenarios: reload,
      watchScenarios() {
        const offs = [
          client.on('scenarios.changed', () => void reload()),
          client.on('workspace.changed', ({ area }) => {
            if (area === 'all') void reload()
          }),
        ]
        return () => offs.forEach((off) => off())
      },
      selectScenario: (name) => set({ selectedScenario: name }),
      async saveScenario(definition, previousName) {
        const saved = await client.call('scenarios.save', {
          scenario: definition,
          ...(previousName !== undefined && { previousName }),
        })
        await reload()
        set({ selectedScenario: saved.name })
        return saved
      },
      async deleteScenario(name) {
        await client.call('scenarios.delete', { name })
        if (get().selectedScenario === name) set({ selectedScenario: null })
        await reload()
      },
      async duplicateScenario(name) {
        const copy = await client.call('scenarios.duplicate', { name })
        await reload()
        set({ selectedScenario: copy.name })
        return copy
      },
      openSaveAsStep: (exchangeId) => set({ saveAsStepFor: exchangeId }),
      async saveExchangeAsStep(exchangeId, into, stepName) {
        const { scenario } = await client.call('scenarios.fromExchange', {
          exchangeId,
          into,
          ...(stepName && { stepName }),
        })
        await reload()
        set({ lastSaveInto: scenario!.name })
        return scenario!
      },
      setRunForm: (patch) => set({ runForm: { ...get().runForm, ...patch } }),
      async startRun() {
        const input = runInput(get().runForm, get().selectedScenario)
        // Subscribed before the call: an event may come before the call's answer does.
        const early: ScenarioProgress[] = []
        const offEarly = client.on('scenarios.progress', (p) => early.push(p))
        try {
          const { runId, total } = await client.call('scenarios.run', input)
          set({
            run: {
              runId,
              total,
              done: 0,
              status: 'running',
              label: '',
              target: input.target.kind === 'url' ? input.target.url : 'the embedded server',
              startedAt: new Date().toISOString(),
            },
          })
          follow(runId, early)
        } finally {
          offEarly()
        }
      },
      async exportRun(format) {
        const runId = get().run?.runId
        if (!runId) throw new Error('no run to export')
        return client.call('scenarios.export', { runId, format })
      },
    }
  }

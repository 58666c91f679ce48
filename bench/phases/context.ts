import type { BenchSettings } from '../config'
import type { LabFixture } from '../lab-fixture'

/** What a phase against the lab gets. */
export interface PhaseContext {
  settings: BenchSettings
  lab: LabFixture
}

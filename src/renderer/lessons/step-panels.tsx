// The live part of each step of "Why caution", by step id (the steps' data is in why-caution/).
import type { ComponentType } from 'react'
import { ClientHoldsPassword } from './steps/ClientHoldsPassword'
import { Guessing } from './steps/Guessing'
import { NoConsent } from './steps/NoConsent'
import { NoSecondFactor } from './steps/NoSecondFactor'
import { SharedPassword } from './steps/SharedPassword'
import { TokensOutlive } from './steps/TokensOutlive'
import { WayOut } from './steps/WayOut'
import type { WhyCautionStepId } from './why-caution'

export const STEP_PANELS: Record<WhyCautionStepId, ComponentType> = {
  'client-holds-password': ClientHoldsPassword,
  guessing: Guessing,
  'no-consent': NoConsent,
  'no-second-factor': NoSecondFactor,
  'shared-password': SharedPassword,
  'tokens-outlive': TokensOutlive,
  'way-out': WayOut,
}

// The LabApi calls that export History: as a HAR 1.2 file (src/lab/har.ts) or as JSON records
// (`ropc-lab history --format json`), the filtered exchanges masked as stored. The filter has the keys of `exchanges.list` (a test keeps them the same); this file
// does not import lab-api.ts, which spreads these schemas (no import cycle).
import { z } from 'zod'
import { EXCHANGE_ORIGINS } from './exchange'

/** The whole default retention: an export is every exchange the log keeps. */
export const HAR_EXPORT_DEFAULT_LIMIT = 10_000

const exportFilterSchema = z
  .object({
    /** The newest N exchanges that match. */
    limit: z.number().int().min(1).max(1_000_000).default(HAR_EXPORT_DEFAULT_LIMIT),
    clientId: z.string().optional(),
    username: z.string().optional(),
    status: z.number().int().optional(),
    error: z.string().optional(),
    origin: z.enum(EXCHANGE_ORIGINS).optional(),
    findingCode: z.string().max(100).optional(),
    text: z.string().max(200).optional(),
  })
  .strict()

export const historyApiInputs = {
  'exchanges.exportHar': exportFilterSchema,
  /** The exchanges as recorded (request, response, trace, findings), oldest first, as a JSON array. */
  'exchanges.exportJson': exportFilterSchema,
} as const

export interface HistoryExport {
  /** The file's JSON text, ready to save. */
  text: string
  /** How many exchanges it holds. */
  entries: number
  /** The file name to offer. */
  fileName: string
}

export interface HistoryApiOutputs {
  'exchanges.exportHar': HistoryExport
  'exchanges.exportJson': HistoryExport
}

export const HAR_FILE_NAME = 'ropc-lab-history.har'
export const JSON_FILE_NAME = 'ropc-lab-history.json'

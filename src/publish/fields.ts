// Regions differ: a newly launched region has refused CompatibleArchitectures that every other
// region accepts, with 400 InvalidParameterValueException "CompatibleArchitectures are not
// supported in af-south-1. Please remove the CompatibleArchitectures value from your request and
// try again" (elastic/apm-aws-lambda#112; me-central-1, eu-south-2, eu-central-2 and
// ap-southeast-4 in aws-powertools/powertools-lambda-typescript#1400). The field is metadata only,
// so the version is published there without it.
import { findCause } from '../errors.js'
import type { Settings } from '../settings.js'

/** The optional PublishLayerVersion fields a region may refuse, and the setting each comes from. */
const OPTIONAL_FIELDS = {
  CompatibleArchitectures: 'compatibleArchitectures',
  CompatibleRuntimes: 'compatibleRuntimes'
} as const

/** An optional field a region may refuse. */
export type OptionalField = keyof typeof OPTIONAL_FIELDS

type FieldSettings = Pick<Settings, 'compatibleArchitectures' | 'compatibleRuntimes'>

/** The optional field an InvalidParameterValueException (anywhere in `err`'s cause chain) says the
 * region does not support, else undefined. Never throws. */
export function refusedField(err: unknown): OptionalField | undefined {
  const refusal = findCause(err, (e) => e.name === 'InvalidParameterValueException')
  if (!refusal) return undefined
  return (Object.keys(OPTIONAL_FIELDS) as OptionalField[]).find((field) =>
    new RegExp(`\\b${field} (?:is|are) not supported\\b|\\bremove the ${field} value\\b`).test(refusal.message)
  )
}

/**
 * Calls `publish` with `settings`; when the region refuses an optional field, calls `onDropped`
 * and publishes again without it (each field at most once: a refused request created nothing).
 * Returns what `publish` returns; throws its error when it is anything else.
 */
export async function publishWithoutRefusedFields<S extends FieldSettings, T>(
  settings: S,
  publish: (settings: S) => Promise<T>,
  onDropped: (field: OptionalField, values: string[], err: unknown) => void
): Promise<T> {
  let current = settings
  for (;;) {
    try {
      return await publish(current)
    } catch (err) {
      const field = refusedField(err)
      const values = field ? current[OPTIONAL_FIELDS[field]] : []
      if (!field || values.length === 0) throw err
      onDropped(field, values, err)
      current = { ...current, [OPTIONAL_FIELDS[field]]: [] }
    }
  }
}

// What the tests look at in an SDK (or Octokit) error: name, status, attempts and the wire Type.
export type SdkError = Error & { $metadata: { httpStatusCode?: number; attempts?: number }; Type?: string; status?: number }

/** The error a call fails with; a call that succeeds fails the test. */
export async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise
  } catch (err) {
    return err as SdkError
  }
  throw new Error('expected the call to fail')
}

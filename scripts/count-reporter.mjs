// A node:test reporter that counts tests (not suites) and writes {"passed":N,"failed":N} at the end.
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    if (event.data.details?.type === "suite") {
      // A suite that fails outside its tests (a hook) counts as one failure.
      if (event.type === "test:fail" && event.data.details?.error?.failureType !== "subtestsFailed") failed += 1;
      continue;
    }
    if (event.type === "test:pass") passed += 1;
    else failed += 1;
  }
  yield JSON.stringify({ passed, failed });
}

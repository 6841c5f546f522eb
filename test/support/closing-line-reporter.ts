// Ends the run with one plain line, "Tests: N passed, N failed, N skipped", that any CI can read, and that
// always agrees with the exit code: besides failed tests, every error outside a test counts as a failure — a
// throwing beforeAll/afterAll, a module that fails to import or collect, an unhandled error or rejection, a run
// that ended failed for a reason no test shows. Each such failure is named just above the closing line.
import { relative } from 'node:path';
import type {
  ReportedHookContext,
  Reporter,
  SerializedError,
  TestModule,
  TestRunEndReason,
  TestSuite,
} from 'vitest/node';

type Entity = TestSuite | TestModule;

function firstLine(error: SerializedError): string {
  const text = `${error.name && error.name !== 'Error' ? `${error.name}: ` : ''}${error.message ?? String(error)}`;
  return text.split('\n')[0]?.trim() || '(no message)';
}

function fileOf(entity: Entity): string {
  return entity.type === 'module' ? entity.relativeModuleId : entity.module.relativeModuleId;
}

function describeEntity(entity: Entity): string {
  return entity.type === 'module' ? fileOf(entity) : `${fileOf(entity)} > ${entity.fullName}`;
}

/** An unhandled error carries the file and test it surfaced in, when vitest knows them. */
function unhandledOrigin(error: SerializedError): string {
  const file = typeof error.VITEST_TEST_PATH === 'string' ? relative(process.cwd(), error.VITEST_TEST_PATH) : undefined;
  const test = typeof error.VITEST_TEST_NAME === 'string' ? error.VITEST_TEST_NAME : undefined;
  if (file && test) return `${file} > ${test}`;
  return file ?? 'outside any test file';
}

export default class ClosingLineReporter implements Reporter {
  /**
   * Suite-level hooks that started and never ended, per suite or module: vitest reports a hook's end only when
   * it passed, so these are the hooks that threw.
   */
  private readonly unfinishedHooks = new Map<Entity, Set<string>>();

  onHookStart(hook: ReportedHookContext): void {
    if (hook.name !== 'beforeAll' && hook.name !== 'afterAll') return;
    const open = this.unfinishedHooks.get(hook.entity) ?? new Set<string>();
    open.add(hook.name);
    this.unfinishedHooks.set(hook.entity, open);
  }

  onHookEnd(hook: ReportedHookContext): void {
    if (hook.name === 'beforeAll' || hook.name === 'afterAll') this.unfinishedHooks.get(hook.entity)?.delete(hook.name);
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const problems: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
      const moduleProblems = [module, ...module.children.allSuites()].flatMap((entity) =>
        this.errorsOutsideTests(entity, module),
      );
      const failedTests = [...module.children.allTests('failed')].length;
      if (module.state() === 'failed' && moduleProblems.length === 0 && failedTests === 0) {
        moduleProblems.push(`${module.relativeModuleId}: failed without a reported error`);
      }
      problems.push(...moduleProblems);
    }
    for (const error of unhandledErrors) {
      problems.push(`${unhandledOrigin(error)}: unhandled error: ${firstLine(error)}`);
    }
    if (reason !== 'passed' && counts.failed === 0 && problems.length === 0) {
      problems.push(`the run ended ${reason} with no failed test to show for it (see the output above)`);
    }
    counts.failed += problems.length;

    const lines = ['', ...(problems.length > 0 ? ['Failures outside tests:', ...problems.map((p) => `  ${p}`)] : [])];
    lines.push(`Tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`, '');
    process.stdout.write(lines.join('\n'));
  }

  /** Errors of a suite or module that no test owns: a hook's that threw, or the module's loading errors. */
  private errorsOutsideTests(entity: Entity, module: TestModule): string[] {
    const hooks = [...(this.unfinishedHooks.get(entity) ?? [])];
    const kind =
      hooks.length > 0
        ? hooks.join(' and ')
        : entity === module && module.children.size === 0
          ? 'failed to load'
          : 'error outside a test';
    return entity.errors().map((error) => `${describeEntity(entity)}: ${kind}: ${firstLine(error)}`);
  }
}

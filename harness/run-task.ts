/** Plans a task and performs it: for tests and benches, which have no use for the plan in between. */
import { planTask, type Task } from '../core/tasks/plan.js';
import { runPlan, type TaskOptions, type TaskResult } from '../core/tasks/run.js';
import type { ZoomLiveStreamClient } from '../core/zoom/client.js';

export async function runTask(client: ZoomLiveStreamClient, task: Task, options: TaskOptions = {}): Promise<TaskResult> {
  return runPlan(client, planTask(task), options);
}

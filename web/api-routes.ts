import type { FastifyInstance } from 'fastify';
import { callTerminalMethod, isTerminalMethod, terminalMethods } from '../terminal/terminal-api';
import type { HostedTerminal } from './hosted-terminal';
import { problem, problemOfCoreError, sendProblem } from './problems';

/**
 * Every method of the table (terminal/terminal-api.ts) as `POST /api/<method>`, its
 * argument as the JSON body (ignored for a method that takes none). The argument is
 * checked once, by callTerminalMethod, as the Electron shell does.
 */
export function registerApiRoutes(app: FastifyInstance, terminal: HostedTerminal): void {
  app.post<{ Params: { method: string } }>('/api/:method', async (request, reply) => {
    const { method } = request.params;
    if (!isTerminalMethod(method)) {
      return sendProblem(reply, problem(404, 'not_found', 'Not found', `The terminal has no method "${method}".`));
    }
    const args = terminalMethods[method].args === null ? undefined : (request.body ?? {});
    let result: unknown;
    try {
      result = await callTerminalMethod(terminal, method, args);
    } catch (error) {
      const answer = problemOfCoreError(error);
      if (answer.status >= 500) request.log.error({ err: error, method }, 'terminal call failed');
      return sendProblem(reply, answer);
    }
    if (result === undefined) return reply.code(204).send();
    return reply.code(200).type('application/json').send(JSON.stringify(result));
  });
}

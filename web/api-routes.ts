import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { terminalApiArgs, terminalApiMethods, type TerminalApiMethod } from '../terminal/terminal-api';
import type { HostedTerminal } from './hosted-terminal';
import { problem, problemOfCoreError, sendProblem } from './problems';

const isMethod = (name: string): name is TerminalApiMethod => (terminalApiMethods as string[]).includes(name);

/** Every TerminalApi method as `POST /api/<method>`, its argument as the JSON body. */
export function registerApiRoutes(app: FastifyInstance, terminal: HostedTerminal): void {
  app.post<{ Params: { method: string } }>('/api/:method', async (request, reply) => {
    const { method } = request.params;
    if (!isMethod(method)) {
      return sendProblem(reply, problem(404, 'not_found', 'Not found', `The terminal has no method "${method}".`));
    }
    const schema: TSchema | null = terminalApiArgs[method];
    let args: unknown;
    if (schema !== null) {
      args = request.body ?? {};
      if (!Value.Check(schema, args)) {
        const errors = Value.Errors(schema, args).map((e) => ({ path: e.instancePath || '/', message: e.message }));
        return sendProblem(
          reply,
          problem(400, 'validation_failed', 'Invalid request', `The argument of ${method} does not match its schema.`, errors),
        );
      }
    }
    let result: unknown;
    try {
      // The argument was checked against this very method's schema just above.
      const call = terminal[method] as (this: HostedTerminal, args?: unknown) => Promise<unknown>;
      result = await call.call(terminal, args);
    } catch (error) {
      const answer = problemOfCoreError(error);
      if (answer.status >= 500) request.log.error({ err: error, method }, 'terminal call failed');
      return sendProblem(reply, answer);
    }
    if (result === undefined) return reply.code(204).send();
    return reply.code(200).type('application/json').send(JSON.stringify(result));
  });
}

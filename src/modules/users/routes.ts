import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../shared/schemas.js';
import { User, UserCreate } from './schemas.js';
import { createUser } from './service.js';

export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Add a staff member or administrator (administrators)',
        body: Type.Ref(UserCreate),
        response: { 201: Type.Ref(User), ...errorResponses('notAuthenticated', 'forbidden', 'emailTaken', 'validation') },
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(app.db, request.principal, request.body)),
  );
};

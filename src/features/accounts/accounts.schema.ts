import { Type, type Static } from '@sinclair/typebox'

export const SignInBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254, description: 'The account e-mail address' }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    totp: Type.Optional(Type.String({ maxLength: 32, description: 'The 6-digit code from the authenticator app, or a recovery code' })),
  },
  { additionalProperties: false },
)
export type SignInBody = Static<typeof SignInBody>

export const Me = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(Type.Union(['researcher', 'editor', 'panelist', 'admin', 'journalist'].map((r) => Type.Literal(r)))),
    organisationId: Type.Union([Type.Integer(), Type.Null()]),
    countries: Type.Array(Type.String()),
    csrfToken: Type.Union([Type.String(), Type.Null()], {
      description: 'Send as X-CSRF-Token with state-changing calls made with this session',
    }),
  },
  { additionalProperties: false },
)

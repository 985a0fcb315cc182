/** The payload of a JWT, decoded (the signature is checked by TokenVerifier where it matters). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const jwtClaims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, any>;

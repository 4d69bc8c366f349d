import { createContext, useContext, type ReactNode } from "react";

// The per-request Content-Security-Policy nonce, for the few inline scripts Remix renders.
const NonceContext = createContext<string | undefined>(undefined);

export function NonceProvider({ value, children }: { value: string | undefined; children: ReactNode }) {
  return <NonceContext.Provider value={value}>{children}</NonceContext.Provider>;
}

export const useNonce = () => useContext(NonceContext);

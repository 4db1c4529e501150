import type { Logger } from '@edugraph/shared';
import type { SecretBox } from '../secretBox.ts';
import type { IdentityStore } from '../store/index.ts';
import { keySetVersion, loadKeys, rotateSigningKey, type ProviderKeys } from './keys.ts';

/**
 * This instance's copy of the signing and cookie keys, kept in step with the database: every
 * `refreshMs` (KEYS_REFRESH_SECONDS) it compares the stored key ids with its own and reloads
 * when another instance rotated, calling `onChange` so the OpenID provider is rebuilt with
 * the new keys. A rotation therefore reaches every instance within that delay, without a restart.
 */
interface KeyringDeps {
  store: IdentityStore;
  box: SecretBox;
  logger: Logger;
  onChange: (keys: ProviderKeys) => void;
}

export class Keyring {
  readonly #deps: KeyringDeps;
  #keys: ProviderKeys;
  #version: string;
  #timer: NodeJS.Timeout | undefined;
  #checking: Promise<boolean> | undefined;
  #lastCheck = 0;

  private constructor(deps: KeyringDeps, keys: ProviderKeys, version: string) {
    this.#deps = deps;
    this.#keys = keys;
    this.#version = version;
  }

  static async open(deps: KeyringDeps): Promise<Keyring> {
    const version = await keySetVersion(deps.store);
    return new Keyring(deps, await loadKeys(deps.store, deps.box), version);
  }

  get keys(): ProviderKeys {
    return this.#keys;
  }

  /** Public halves of the signing keys, as the JWKS publishes them. */
  publicJwks() {
    return { keys: this.#keys.signing.map(({ kty, n, e, kid, use, alg }) => ({ kty, n, e, kid, use, alg })) };
  }

  /** Reloads when the stored key set changed; returns whether it did. Concurrent calls share one check. */
  refresh(): Promise<boolean> {
    return (this.#checking ??= this.#check().finally(() => (this.#checking = undefined)));
  }

  /** A refresh at most once a second (a token with an unknown key id asks for one). */
  async refreshSoon(): Promise<void> {
    if (Date.now() - this.#lastCheck >= 1000) await this.refresh();
  }

  async #check(): Promise<boolean> {
    this.#lastCheck = Date.now();
    const { store, box, logger, onChange } = this.#deps;
    const version = await keySetVersion(store);
    if (version === this.#version) return false;
    this.#keys = await loadKeys(store, box);
    this.#version = version;
    onChange(this.#keys);
    logger.info({ kid: this.#keys.signing[0]?.kid }, 'signing keys reloaded');
    return true;
  }

  async rotate(): Promise<string> {
    const kid = await rotateSigningKey(this.#deps.store, this.#deps.box);
    await this.refresh();
    return kid;
  }

  start(refreshMs: number): void {
    this.#timer = setInterval(() => {
      this.refresh().catch((err: unknown) =>
        this.#deps.logger.warn({ err }, 'checking the signing keys failed'),
      );
    }, refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

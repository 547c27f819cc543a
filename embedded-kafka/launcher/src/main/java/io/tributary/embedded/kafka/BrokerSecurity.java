package io.tributary.embedded.kafka;

/**
 * How the embedded broker's client listener is secured (see docs/decisions/0006-security.md).
 */
public enum BrokerSecurity {
    /** Plain TCP, no authentication: the default, as a stock development broker. */
    PLAINTEXT,
    /**
     * TLS with a throwaway CA, and SASL authentication with SCRAM-SHA-512 (the client config's default) or PLAIN,
     * for one user.
     */
    SASL_SSL,
    /** TLS with a throwaway CA, and a client certificate signed by that CA required (mutual TLS). */
    MTLS
}

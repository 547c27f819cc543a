package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CommandRun;
import org.junit.jupiter.api.Test;

/** {@code broker --security} flag errors are usage errors (exit 2), before any broker starts. */
class BrokerSecurityFlagsTest {

  @Test
  void sasl_ssl_needs_a_user_and_a_password() {
    CommandRun run = CommandRun.of("broker", "--port", "0", "--security", "sasl_ssl", "--user", "u");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--security sasl_ssl needs --user and --password");
  }

  @Test
  void an_unknown_mode_and_credentials_without_security_are_refused() {
    CommandRun unknown = CommandRun.of("broker", "--port", "0", "--security", "kerberos");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("--security must be plaintext, sasl_ssl or mtls, got 'kerberos'");
    CommandRun plain = CommandRun.of("broker", "--port", "0", "--user", "u", "--password", "Pw-flag-1");
    assertThat(plain.code()).isEqualTo(2);
    assertThat(plain.err()).contains("--user, --password and --tls-dir need --security sasl_ssl")
        .doesNotContain("Pw-flag-1");
    CommandRun mtls = CommandRun.of("broker", "--port", "0", "--security", "mtls", "--user", "u");
    assertThat(mtls.code()).isEqualTo(2);
    assertThat(mtls.err()).contains("--security mtls authenticates by client certificate");
  }

  @Test
  void a_password_reference_to_a_missing_variable_is_named_not_shown() {
    CommandRun run = CommandRun.of("broker", "--port", "0", "--security", "sasl_ssl", "--user", "u",
        "--password", "${env:TRIBUTARY_TEST_NO_SUCH_PASSWORD}");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("the environment variable TRIBUTARY_TEST_NO_SUCH_PASSWORD");
  }
}

@emulator
Feature: SIEM event delivery
  SIEM event delivery (/config/applications/{appId}/eventdelivery) sends an app's
  security events to its S3 bucket once activated; idemu delivers them to the outbox,
  to siem://<app>. Blocked event types are not delivered.

  Scenario: activate, deliver, block and deactivate
    Given I use basic credentials "${client_id}" and "${client_secret}"
    And I use the tenant "siem${unique}"
    And the emulator is seeded with:
      """
      provider: akamai
      tenants:
        - id: siem${unique}
          settings:
            akamai_account_id: 1-SIEM
          clients:
            - id: ${client_id}
              secret: ${client_secret}
              attributes: {features: [owner]}
            - id: login-${unique}
              secret: login-secret
              attributes:
                features: [login_client]
                settings: {default_flow_name: standard}
          users:
            - username: siem
              email: siem-${unique}@example.test
              password: Siem-password-1
      """
    When I send a GET request to "/config/applications/siem${unique}/eventdelivery/readStatus"
    Then the response status should be 200
    And the response field "status" should be "not activated"
    When I send a POST request to "/config/applications/siem${unique}/eventdelivery/activate" with JSON:
      """
      ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl siem@example.test"]
      """
    Then the response status should be 202
    When I send a GET request to "/config/applications/siem${unique}/eventdelivery/readStatus"
    Then the response field "status" should be "creation complete"
    When I send a POST request to "/config/applications/siem${unique}/eventdelivery/readKeys"
    Then the response status should be 200
    And the response field "$" should have 1 item
    When I call "/oauth/auth_native_traditional" as the login client with:
      | locale             | en-US                         |
      | redirect_uri       | https://app.example.test/cb   |
      | form               | signInForm                    |
      | signInEmailAddress | siem-${unique}@example.test   |
      | currentPassword    | Siem-password-1               |
    Then the response should be a Capture success
    And the outbox should have a message to "siem://siem${unique}" with purpose "login"
    When I use basic credentials "${client_id}" and "${client_secret}"
    And I send a POST request to "/config/applications/siem${unique}/eventdelivery/addBlocklist" with JSON:
      """
      ["password_reset_request", "not_an_event"]
      """
    Then the response should be a v1.api error with status 400
    When I send a POST request to "/config/applications/siem${unique}/eventdelivery/deactivate"
    Then the response status should be 202
    And the response field "message" should exist
    When I send a POST request to "/config/applications/siem${unique}/eventdelivery/deactivate"
    Then the response should be a v1.api error with status 409

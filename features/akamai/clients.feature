Feature: Legacy clients API
  The owner client lists, creates, renames, re-permissions, fences and deletes API
  clients, and resets their secrets.

  Scenario: the lifecycle of an API client
    When I call "/clients/add" with:
      | description | suite ${unique}   |
      | features    | ["login_client"]  |
    Then the response should be a Capture success
    And the response field "client_id" should match "^[a-z0-9]{32}$"
    And the response field "whitelist[0]" should be "0.0.0.0/0"
    And I store the response field "client_id" as "cid"
    And I store the response field "client_secret" as "secret"
    When I call "/clients/list" with:
      | has_features | ["login_client"] |
    Then the response field "results" should contain an item with "description" equal to "suite ${unique}"
    When I call "/clients/set_description" with:
      | for_client_id | ${cid}             |
      | description   | renamed ${unique}  |
    Then the response should be a Capture success
    When I call "/clients/set_features" with:
      | for_client_id | ${cid}                   |
      | features      | ["direct_read_access"]   |
    Then the response should be a Capture success
    When I call "/clients/list" with:
      | has_features | ["direct_read_access"] |
    Then the response field "results" should contain an item with "description" equal to "renamed ${unique}"
    When I call "/entity.count" without credentials with:
      | type_name     | user      |
      | client_id     | ${cid}    |
      | client_secret | ${secret} |
    Then the response should be a Capture success
    When I call "/clients/reset_secret" with:
      | for_client_id | ${cid} |
    Then the response should be a Capture success
    And I store the response field "new_secret" as "fresh"
    When I call "/entity.count" without credentials with:
      | type_name     | user      |
      | client_id     | ${cid}    |
      | client_secret | ${secret} |
    Then the response should be the Capture error 402 "invalid_client_credentials"
    When I call "/entity.count" without credentials with:
      | type_name     | user     |
      | client_id     | ${cid}   |
      | client_secret | ${fresh} |
    Then the response should be a Capture success
    When I call "/clients/delete" with:
      | client_id_for_deletion | ${cid} |
    Then the response should be a Capture success
    When I call "/entity.count" without credentials with:
      | type_name     | user     |
      | client_id     | ${cid}   |
      | client_secret | ${fresh} |
    Then the response should be the Capture error 402 "invalid_client_credentials"

  Scenario: the IP allowlist fences a client
    When I call "/clients/add" with:
      | description | fenced ${unique}      |
      | features    | ["direct_read_access"] |
    Then I store the response field "client_id" as "cid"
    And I store the response field "client_secret" as "secret"
    When I call "/clients/set_whitelist" with:
      | for_client_id | ${cid}              |
      | whitelist     | ["203.0.113.0/24"]  |
    Then the response should be a Capture success
    When I call "/entity.count" without credentials with:
      | type_name     | user      |
      | client_id     | ${cid}    |
      | client_secret | ${secret} |
    Then the response should be the Capture error 403 "client_permission_error"
    When I call "/clients/clear_whitelist" with:
      | for_client_id | ${cid} |
    Then the response should be a Capture success
    When I call "/entity.count" without credentials with:
      | type_name     | user      |
      | client_id     | ${cid}    |
      | client_secret | ${secret} |
    Then the response should be a Capture success
    When I call "/clients/set_whitelist" with:
      | for_client_id | ${cid}          |
      | whitelist     | ["not-an-ip"]   |
    Then the response should be the Capture error 200 "invalid_argument"
    When I call "/clients/delete" with:
      | client_id_for_deletion | ${cid} |
    Then the response should be a Capture success

  Scenario: mistakes
    When I call "/clients/add" with:
      | description | bad ${unique} |
      | features    | ["superuser"] |
    Then the response should be the Capture error 200 "invalid_argument"
    When I call "/clients/delete" with:
      | client_id_for_deletion | nosuchclient${unique} |
    Then the response should be the Capture error 200 "invalid_argument"
    When I call "/clients/set_description" with:
      | for_client_id | nosuchclient${unique} |
    Then the response should be the Capture error 100 "missing_argument"
    And the response field "argument_name" should be "description"

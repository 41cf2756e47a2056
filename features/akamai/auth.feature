Feature: Authenticating Capture calls
  Server-side calls authenticate a client with client_id and client_secret parameters,
  HTTP Basic or a janrain-signed request; a user's access token pins a call to that
  user's record; the client's features decide which operations it may call.

  Scenario: client credentials as parameters
    When I call "/entity.count" with:
      | type_name | user |
    Then the response should be a Capture success
    And the response field "total_count" should match "^[0-9]+$"

  Scenario: HTTP Basic credentials
    When I call "/entity.count" with HTTP Basic credentials with:
      | type_name | user |
    Then the response should be a Capture success

  Scenario: a janrain-signed request
    When I call "/entity.count" as a signed request with:
      | type_name | user                 |
      | filter    | email is not null    |
    Then the response should be a Capture success

  Scenario: no credentials at all
    When I call "/entity.count" without credentials with:
      | type_name | user |
    Then the response status should be 200
    And the response should be the Capture error 205 "invalid_auth_method"

  Scenario: a wrong client secret
    When I call "/entity.count" without credentials with:
      | type_name     | user        |
      | client_id     | ${client_id} |
      | client_secret | not-the-secret-${unique} |
    Then the response should be the Capture error 402 "invalid_client_credentials"

  Scenario: a client without the feature an operation needs
    When I call "/clients/add" with:
      | description | reader ${unique}         |
      | features    | ["direct_read_access"]   |
    Then the response should be a Capture success
    And I store the response field "client_id" as "reader"
    And I store the response field "client_secret" as "readerSecret"
    When I call "/entity.count" without credentials with:
      | type_name     | user            |
      | client_id     | ${reader}       |
      | client_secret | ${readerSecret} |
    Then the response should be a Capture success
    When I call "/entity.create" without credentials with:
      | type_name     | user            |
      | attributes    | {}              |
      | client_id     | ${reader}       |
      | client_secret | ${readerSecret} |
    Then the response should be the Capture error 403 "client_permission_error"
    When I call "/clients/delete" with:
      | client_id_for_deletion | ${reader} |
    Then the response should be a Capture success

  Scenario: an application_id of another app
    When I call "/entity.count" with:
      | type_name      | user                 |
      | application_id | elsewhere${unique}   |
    Then the response should be the Capture error 221 "unknown_application"
    And the response field "application_id" should be "elsewhere${unique}"

  Scenario: an unknown operation
    When I call "/entity.nothing" with:
      | type_name | user |
    Then the response status should be 404
    And the response should be the Capture error 404 "invalid_api_method"

  @emulator
  Scenario: a user access token pins the record, and expires after an hour
    When I call "/entity.create" with:
      | type_name  | user                                   |
      | attributes | {"email":"pin-${unique}@example.test"} |
    Then I store the response field "uuid" as "uuid"
    When I call "/access/getAccessToken" with:
      | type_name | user    |
      | uuid      | ${uuid} |
    Then the response should be a Capture success
    And I store the response field "accessToken" as "token"
    When I call "/entity" with the user token "${token}" with:
      | type_name | user |
    Then the response should be a Capture success
    And the response field "result.email" should be "pin-${unique}@example.test"
    When I advance the clock by "61m"
    And I call "/entity" without credentials with:
      | type_name    | user     |
      | access_token | ${token} |
    Then the response should be the Capture error 414 "access_token_expired"

  @emulator
  Scenario: apps are told apart by host name or header
    Given I use the tenant "ghost-${unique}"
    When I call "/entity.count" with:
      | type_name | user |
    Then the response should be the Capture error 224 "application_not_found"

Feature: Users: create, read, search, update, delete
  Usernames, emails and phone numbers are unique; bodies are validated like Logto's zod
  guards; lists are paginated with Total-Number and Link headers.

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "user_${unique}", "password": "Str0ng-Passw0rd!", "primaryEmail": "user-${unique}@example.test",
       "primaryPhone": "1555${uniqueDigits}", "name": "Ada ${unique}", "customData": {"tier": "gold"},
       "profile": {"givenName": "Ada"}}
      """
    Then the response status should be 200
    And I store the response field "id" as "userId"

  Scenario: a created user is read back with Logto's fields
    Then the response field "id" should match "^[0-9a-z]{12}$"
    And the response field "hasPassword" should be true
    And the response field "isSuspended" should be false
    And the response field "lastSignInAt" should be null
    When I send a GET request to "/api/users/${userId}"
    Then the response status should be 200
    And the response field "username" should be "user_${unique}"
    And the response field "primaryEmail" should be "user-${unique}@example.test"
    And the response field "primaryPhone" should be "1555${uniqueDigits}"
    And the response field "customData.tier" should be "gold"
    And the response field "profile.givenName" should be "Ada"
    And the response header "ETag" should match "^.[0-9a-f]+-"

  Scenario: an unknown user is 404 entity.not_found
    When I send a GET request to "/api/users/nouser${unique}"
    Then the response status should be 404
    And the response field "code" should be "entity.not_found"

  Scenario: a taken username, email or phone is 422
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "user_${unique}"}
      """
    Then the response status should be 422
    And the response field "code" should be "user.username_already_in_use"
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "other_${unique}", "primaryEmail": "user-${unique}@example.test"}
      """
    Then the response status should be 422
    And the response field "code" should be "user.email_already_in_use"
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "other_${unique}", "primaryPhone": "1555${uniqueDigits}"}
      """
    Then the response status should be 422
    And the response field "code" should be "user.phone_already_in_use"

  Scenario: a body of the wrong type is 400 guard.invalid_input with zod issues
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": 123}
      """
    Then the response status should be 400
    And the response field "code" should be "guard.invalid_input"
    And the response field "message" should be "The request body is invalid."
    And the response field "data.name" should be "ZodError"
    And the response field "data.issues[0].code" should be "invalid_type"
    And the response field "data.issues[0].expected" should be "string"
    And the response field "data.issues[0].received" should be "number"
    And the response field "data.issues[0].path[0]" should be "username"
    And the response field "details" should match "^Error in key path .username.: \(invalid_type\) Expected string but received number\.$"

  Scenario: an email that fails the pattern is an invalid_string issue
    When I send a POST request to "/api/users" with JSON:
      """
      {"primaryEmail": "not-an-email"}
      """
    Then the response status should be 400
    And the response field "data.issues[0].code" should be "invalid_string"
    And the response field "data.issues[0].validation" should be "regex"

  Scenario: a password together with a digest is 400 user.password_and_digest
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "dig_${unique}", "password": "x", "passwordDigest": "5f4dcc3b5aa765d61d8327deb882cf99", "passwordAlgorithm": "MD5"}
      """
    Then the response status should be 400
    And the response field "code" should be "user.password_and_digest"
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "dig_${unique}", "passwordDigest": "5f4dcc3b5aa765d61d8327deb882cf99"}
      """
    Then the response status should be 400
    And the response field "code" should be "user.password_algorithm_required"

  Scenario: an imported MD5 digest verifies the password it was made from
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "md5_${unique}", "passwordDigest": "5f4dcc3b5aa765d61d8327deb882cf99", "passwordAlgorithm": "MD5"}
      """
    Then the response status should be 200
    And I store the response field "id" as "md5User"
    When I send a POST request to "/api/users/${md5User}/password/verify" with JSON:
      """
      {"password": "password"}
      """
    Then the response status should be 204
    When I send a DELETE request to "/api/users/${md5User}"
    Then the response status should be 204

  Scenario: malformed JSON is 400 with the parser's message
    When I send a POST request to "/api/users" with body "{bad json" of type "application/json"
    Then the response status should be 400
    And the response field "message" should match "JSON"
    And the response field "code" should not exist

  Scenario: search finds the user, and the page headers count what matched
    When I send a GET request to "/api/users?search.username=user_${unique}&page=1&page_size=1"
    Then the response status should be 200
    And the response field "$" should have 1 item
    And the response field "[0].id" should be "${userId}"
    And the response header "Total-Number" should be "1"
    And the response header "Link" should match "/users\?search\.username=user_${unique}&page=1&page_size=1>; rel=.first.$"
    When I send a GET request to "/api/users?search=%25${unique}%25&mode=like"
    Then the response status should be 200
    And the response field "[0].id" should be "${userId}"

  Scenario: a bad page size is 400 guard.invalid_pagination
    When I send a GET request to "/api/users?page_size=abc"
    Then the response status should be 400
    And the response field "code" should be "guard.invalid_pagination"
    When I send a GET request to "/api/users?page=0"
    Then the response status should be 400
    And the response field "code" should be "guard.invalid_pagination"

  Scenario: an unknown search field is 400 request.invalid_input
    When I send a GET request to "/api/users?search.nope=x"
    Then the response status should be 400
    And the response field "code" should be "request.invalid_input"

  Scenario: excludeRoleId with excludeOrganizationId is 400 request.invalid_input
    When I send a GET request to "/api/users?excludeRoleId=a&excludeOrganizationId=b"
    Then the response status should be 400
    And the response field "code" should be "request.invalid_input"

  Scenario: PATCH replaces the given members and clears an identifier with an empty string
    When I send a PATCH request to "/api/users/${userId}" with JSON:
      """
      {"name": "Renamed ${unique}", "primaryPhone": "", "customData": {"plan": "pro"}}
      """
    Then the response status should be 200
    And the response field "name" should be "Renamed ${unique}"
    And the response field "primaryPhone" should be null
    And the response field "customData.plan" should be "pro"
    And the response field "customData.tier" should not exist
    When I send a GET request to "/api/users/${userId}"
    Then the response field "name" should be "Renamed ${unique}"

  Scenario: PATCH to a taken username is 422
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "second_${unique}"}
      """
    Then the response status should be 200
    And I store the response field "id" as "second"
    When I send a PATCH request to "/api/users/${second}" with JSON:
      """
      {"username": "user_${unique}"}
      """
    Then the response status should be 422
    And the response field "code" should be "user.username_already_in_use"
    When I send a DELETE request to "/api/users/${second}"
    Then the response status should be 204

  Scenario: a deleted user is gone and its username is free again
    When I send a DELETE request to "/api/users/${userId}"
    Then the response status should be 204
    And the response body should be empty
    When I send a GET request to "/api/users/${userId}"
    Then the response status should be 404
    And the response field "code" should be "entity.not_found"
    When I send a DELETE request to "/api/users/${userId}"
    Then the response status should be 404
    When I send a POST request to "/api/users" with JSON:
      """
      {"username": "user_${unique}"}
      """
    Then the response status should be 200
    And I store the response field "id" as "again"
    When I send a DELETE request to "/api/users/${again}"
    Then the response status should be 204

Feature: User profiles
  A profile holds the identities a user signed in with, custom attributes and roles.
  Profiles are searched by email or by an identity provider's user id, pre-registered
  before a first sign-in, and carry the user's refresh tokens' revocation.

  Background:
    Given I am authenticated as the client

  Scenario: a pre-registered profile is found, read, changed and deleted
    When I send a POST request to "/management/v4/${tenantId}/users" with JSON:
      """
      {"idp": "google", "idp-identity": "google-${unique}", "profile": {"attributes": {"points": 10}}}
      """
    Then the response status should be 201
    And I store the response field "id" as "profile"
    When I send a GET request to "/management/v4/${tenantId}/users?dataScope=index&id=google-${unique}"
    Then the response status should be 200
    And the response field "totalResults" should be the number 1
    And the response field "users[0].id" should be "${profile}"
    And the response field "users[0].idp" should be "google"
    And the response field "requestOptions.startIndex" should be the number 0
    When I send a GET request to "/management/v4/${tenantId}/users/${profile}/profile"
    Then the response status should be 200
    And the response field "identities[0].provider" should be "google"
    And the response field "attributes.points" should be the number 10
    When I send a PUT request to "/management/v4/${tenantId}/users/${profile}/profile" with JSON:
      """
      {"attributes": {"points": 20, "tier": "gold"}}
      """
    Then the response status should be 200
    And the response field "attributes.tier" should be "gold"
    When I send a GET request to "/management/v4/${tenantId}/users/${profile}/profile"
    Then the response field "attributes.points" should be the number 20
    When I send a POST request to "/management/v4/${tenantId}/users/${profile}/revoke_refresh_token"
    Then the response status should be 204
    When I send a DELETE request to "/management/v4/${tenantId}/users/${profile}"
    Then the response status should be 204
    When I send a GET request to "/management/v4/${tenantId}/users/${profile}/profile"
    Then the response status should be 404
    And the response field "code" should be "NOT_FOUND"

  Scenario: pre-registering an identity twice is 409
    When I send a POST request to "/management/v4/${tenantId}/users" with JSON:
      """
      {"idp": "saml", "idp-identity": "twice-${unique}"}
      """
    Then the response status should be 201
    When I send a POST request to "/management/v4/${tenantId}/users" with JSON:
      """
      {"idp": "saml", "idp-identity": "twice-${unique}"}
      """
    Then the response status should be 409
    And the response field "code" should be "CONFLICT"

  Scenario: a Cloud Directory user takes over the profile pre-registered for its email
    When I send a POST request to "/management/v4/${tenantId}/users" with JSON:
      """
      {"idp": "cloud_directory", "idp-identity": "pre-${unique}@example.test", "profile": {"attributes": {"vip": true}}}
      """
    And I store the response field "id" as "profile"
    And I send a POST request to "/management/v4/${tenantId}/cloud_directory/sign_up?shouldCreateProfile=true" with JSON:
      """
      {"emails": [{"value": "pre-${unique}@example.test"}], "password": "Pre-password-1"}
      """
    And I store the response field "id" as "user"
    And I send a GET request to "/management/v4/${tenantId}/cloud_directory/${user}/userinfo"
    Then the response field "sub" should be "${profile}"
    And the response field "attributes.vip" should be true
    When I send a GET request to "/management/v4/${tenantId}/users?dataScope=full&email=PRE-${unique}@example.test"
    Then the response field "users[0].id" should be "${profile}"
    And the response field "users[0].identities[0].id" should be "${user}"

  Scenario Outline: searching profiles refuses <case> with 400
    When I send a GET request to "/management/v4/${tenantId}/users<query>"
    Then the response status should be 400
    And the response field "code" should be "BAD_REQUEST"

    Examples:
      | case                  | query                                  |
      | no dataScope          | ?email=a@example.test                  |
      | an unknown dataScope  | ?dataScope=all&email=a@example.test    |
      | neither email nor id  | ?dataScope=index                       |

  Scenario: a search that matches nothing is an empty list
    When I send a GET request to "/management/v4/${tenantId}/users?dataScope=index&email=nobody-${unique}@example.test"
    Then the response status should be 200
    And the response field "totalResults" should be the number 0
    And the response field "users" should have 0 items

  Scenario Outline: pre-registering refuses <case> with 400
    When I send a POST request to "/management/v4/${tenantId}/users" with JSON:
      """
      <body>
      """
    Then the response status should be 400

    Examples:
      | case              | body                                        |
      | an unknown idp    | {"idp": "myspace", "idp-identity": "x"}      |
      | no identity       | {"idp": "google"}                           |

  Scenario Outline: <operation> of a profile that does not exist is 404
    When I send a <method> request to "/management/v4/${tenantId}/users/ghost-${unique}<path>" with JSON:
      """
      <body>
      """
    Then the response status should be 404
    And the response field "code" should be "NOT_FOUND"

    Examples:
      | operation               | method | path                  | body                      |
      | usersDeleteUserProfile  | DELETE |                       | {}                        |
      | usersRevokeRefreshToken | POST   | /revoke_refresh_token | {}                        |
      | usersSetUserProfile     | PUT    | /profile              | {"attributes": {}}        |
      | updateUserRoles         | PUT    | /roles                | {"roles": {"ids": []}}    |

  Scenario Outline: reading <what> of a profile that does not exist is 404
    When I send a GET request to "/management/v4/${tenantId}/users/ghost-${unique}/<what>"
    Then the response status should be 404

    Examples:
      | what    |
      | profile |
      | roles   |

  Scenario: a profile update needs its attributes
    When I send a POST request to "/management/v4/${tenantId}/users" with JSON:
      """
      {"idp": "facebook", "idp-identity": "fb-${unique}"}
      """
    And I store the response field "id" as "profile"
    And I send a PUT request to "/management/v4/${tenantId}/users/${profile}/profile" with JSON:
      """
      {"name": "not accepted"}
      """
    Then the response status should be 400

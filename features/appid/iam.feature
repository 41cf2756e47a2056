Feature: IBM Cloud IAM token endpoint
  The management API takes IAM access tokens. An IAM API key is exchanged for one with
  the API key grant; the token is a signed JWT with exp and iat, and IAM's answer says
  when it expires (expiration, in epoch seconds), which IBM's SDKs rely on.

  Scenario: an API key gets a bearer token that verifies against IAM's keys
    When I request a token with form:
      | grant_type    | urn:ibm:params:oauth:grant-type:apikey |
      | apikey        | ${apikey}                              |
      | response_type | cloud_iam                              |
    Then the response status should be 200
    And the response header "Content-Type" should match "^application/json"
    And the response field "token_type" should be "Bearer"
    And the response field "expires_in" should be the number 3600
    And the response field "expiration" should match "^[0-9]{10}$"
    And the response field "scope" should be "ibm openid"
    And the response field "refresh_token" should exist
    And the response field "access_token" should be a token that verifies against the provider's JWKS

  Scenario: IAM's refresh token grant gives a new access token
    When I request a token with form:
      | grant_type | urn:ibm:params:oauth:grant-type:apikey |
      | apikey     | ${apikey}                              |
    And I store the response field "refresh_token" as "rt"
    And I request a token with form:
      | grant_type    | refresh_token |
      | refresh_token | ${rt}         |
    Then the response status should be 200
    And the response field "access_token" should be a token that verifies against the provider's JWKS

  Scenario Outline: IAM refuses <case> with 400 and its error code
    When I request a token with form:
      | grant_type | <grant>  |
      | <field>    | <value>  |
    Then the response status should be 400
    And the response header "Content-Type" should match "^application/json"
    And the response field "errorCode" should be "<code>"
    And the response field "errorMessage" should exist
    And the response field "context.requestId" should exist

    Examples:
      | case                    | grant                                  | field         | value                 | code       |
      | an unknown API key      | urn:ibm:params:oauth:grant-type:apikey | apikey        | no-such-key-${unique} | BXNIM0415E |
      | a missing API key       | urn:ibm:params:oauth:grant-type:apikey | scope         | ibm                   | BXNIM0109E |
      | an unsupported grant    | password                               | apikey        | x                     | BXNIM0308E |
      | an unknown refresh token | refresh_token                         | refresh_token | nope-${unique}        | BXNIM0407E |

  Scenario: IAM publishes its OpenID configuration and keys
    When I send a GET request to "/identity/.well-known/openid-configuration"
    Then the response status should be 200
    And the response field "issuer" should match "/identity$"
    And the response field "token_endpoint" should match "/identity/token$"
    And the response field "jwks_uri" should match "/identity/keys$"
    When I send a GET request to "/identity/keys"
    Then the response status should be 200
    And the response field "keys[0].kty" should be "RSA"
    And the response field "keys[0].use" should be "sig"

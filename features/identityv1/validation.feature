Feature: Validation: malformed requests are 400 with ASEE's errors list
  A request that breaks the documented shape is refused before any rule runs, with status
  400 and {"errors": [{"tag", "error", "message"}]}: tag names the field or parameter
  (null for the whole request) and error is one of ASEE's shared validation literals.

  Background:
    Given I am authenticated as the client

  # ------------------------------------------------------------------------- required

  Scenario: every missing required field of a registration is reported, and nothing is created
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "val-${unique}", "password": "Strong-pass-1"}
      """
    Then the response should have a validation error "required" for "email"
    And the response should have a validation error "required" for "phone-number"
    When I send a GET request to "/v1/identity/users/val-${unique}/available"
    Then the response status should be 200

  Scenario: a registration without a username is refused
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"password": "Strong-pass-1", "email": "val-${unique}@example.test", "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response should have a validation error "required" for "username"

  Scenario: a required field of a /me command is reported
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "val-${unique}", "password": "Strong-pass-1", "email": "val-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201
    Given I am authenticated as "val-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/password" with JSON:
      """
      {"new-password": "Other-pass-2"}
      """
    Then the response should have a validation error "required" for "old-password"
    When I send a PUT request to "/v1/identity/me/email/confirm" with JSON:
      """
      {"email": "val-${unique}@example.test"}
      """
    Then the response should have a validation error "required" for "confirmation-code"
    When I send a POST request to "/v1/identity/me/logins" with JSON:
      """
      {"code": "some-code"}
      """
    Then the response should have a validation error "required" for "provider"

  # ----------------------------------------------------------------------- max-length

  Scenario: a first name over 100 characters is max-length
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "val-${unique}", "password": "Strong-pass-1", "email": "val-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}", "first-name": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}
      """
    Then the response should have a validation error "max-length" for "first-name"
    When I send a GET request to "/v1/identity/users/val-${unique}"
    Then the response status should be 404

  Scenario: a customer number over 32 characters is max-length
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "val-${unique}", "password": "Strong-pass-1", "email": "val-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}", "customer-number": "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"}
      """
    Then the response should have a validation error "max-length" for "customer-number"

  Scenario: a username over 64 characters is max-length, in a path too
    When I send a GET request to "/v1/identity/users/uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu/available"
    Then the response should have a validation error "max-length" for "username"

  Scenario: a security answer over 256 characters is max-length, tagged with its index
    When I send a POST request to "/v1/identity/users/val-${unique}/answers/validate" with JSON:
      """
      {"answers": [{"question-id": "first-pet", "answer": "Rex"}, {"question-id": "birth-city", "answer": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}]}
      """
    Then the response should have a validation error "max-length" for "answers[1].answer"

  # ----------------------------------------------------------------------- min-length

  Scenario: a username under 3 characters is min-length, in a body and in a path
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "ab", "password": "Strong-pass-1", "email": "val-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response should have a validation error "min-length" for "username"
    When I send a GET request to "/v1/identity/users/ab"
    Then the response should have a validation error "min-length" for "username"

  Scenario: an empty security answer is min-length
    When I send a POST request to "/v1/identity/users/val-${unique}/answers/validate" with JSON:
      """
      {"answers": [{"question-id": "first-pet", "answer": ""}]}
      """
    Then the response should have a validation error "min-length" for "answers[0].answer"

  # ------------------------------------------------------------------- invalid-format

  Scenario Outline: a registration with <case> is invalid-format
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "<username>", "password": "Strong-pass-1", "email": "<email>", "phone-number": "<phone>",
       "hint-picture-url": "<picture>"}
      """
    Then the response should have a validation error "invalid-format" for "<tag>"

    Examples:
      | case                       | username      | email                      | phone                | picture                        | tag              |
      | an email without a domain  | val-${unique} | val-${unique}              | +1555${uniqueDigits} | https://pictures.example.test/ | email            |
      | a phone number without a + | val-${unique} | val-${unique}@example.test | 1555${uniqueDigits}  | https://pictures.example.test/ | phone-number     |
      | a username with a space    | val ${unique} | val-${unique}@example.test | +1555${uniqueDigits} | https://pictures.example.test/ | username         |
      | a relative picture URL     | val-${unique} | val-${unique}@example.test | +1555${uniqueDigits} | pictures/hint.png              | hint-picture-url |

  Scenario: /me commands with a malformed value are refused and change nothing
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "val-${unique}", "password": "Strong-pass-1", "email": "val-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201
    Given I am authenticated as "val-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/email" with JSON:
      """
      {"new-email": "val-${unique}.example.test"}
      """
    Then the response should have a validation error "invalid-format" for "new-email"
    When I send a PUT request to "/v1/identity/me/phone-number" with JSON:
      """
      {"new-phone-number": "555-${uniqueDigits}"}
      """
    Then the response should have a validation error "invalid-format" for "new-phone-number"
    When I send a PUT request to "/v1/identity/me/username" with JSON:
      """
      {"new-username": "uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu"}
      """
    Then the response should have a validation error "max-length" for "new-username"
    When I send a PUT request to "/v1/identity/me/username" with JSON:
      """
      {"new-username": "val/${unique}"}
      """
    Then the response should have a validation error "invalid-format" for "new-username"
    When I send a DELETE request to "/v1/identity/me/logins/lllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllll"
    Then the response should have a validation error "max-length" for "login"
    When I send a GET request to "/v1/identity/me"
    Then the response field "username" should be "val-${unique}"
    And the response field "email" should be "val-${unique}@example.test"
    And the response field "phone-number" should be "+1555${uniqueDigits}"

  Scenario Outline: <operation> checks the username of its path
    When I send a GET request to "<path>"
    Then the response should have a validation error "<error>" for "username"

    Examples:
      | operation              | path                            | error          |
      | getUser                | /v1/identity/users/a$b          | invalid-format |
      | checkUsernameAvailable | /v1/identity/users/ab/available | min-length     |
      | getSecurityQuestions   | /v1/identity/users/ab/questions | min-length     |

  Scenario Outline: <operation> checks the username of its path
    When I send a <method> request to "<path>" with JSON:
      """
      <body>
      """
    Then the response should have a validation error "min-length" for "username"

    Examples:
      | operation               | method | path                                    | body                                                         |
      | resetPassword           | POST   | /v1/identity/users/ab/password/reset    | {"username": "ab"}                                           |
      | recoverUsername         | POST   | /v1/identity/users/ab/username-recovery | {"username": "ab"}                                           |
      | setHintPicture          | PUT    | /v1/identity/users/ab/hint-picture      | {"url": "https://pictures.example.test/h.png"}               |
      | setProfilePicture       | PUT    | /v1/identity/users/ab/profile-picture   | {"url": "https://pictures.example.test/p.png"}               |
      | validateSecurityAnswers | POST   | /v1/identity/users/ab/answers/validate  | {"answers": [{"question-id": "first-pet", "answer": "Rex"}]} |

  Scenario: a hint picture URL that is not absolute is invalid-format
    When I send a PUT request to "/v1/identity/users/val-${unique}/hint-picture" with JSON:
      """
      {"url": "hint.png"}
      """
    Then the response should have a validation error "invalid-format" for "url"

  Scenario: a number where a string is documented is invalid-format
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": 12345, "password": "Strong-pass-1", "email": "val-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response should have a validation error "invalid-format" for "username"

  Scenario: find criteria in a wrong format are invalid-format
    When I send a GET request to "/v1/identity/users?email=not-an-email"
    Then the response should have a validation error "invalid-format" for "email"
    When I send a GET request to "/v1/identity/users?phone-number=12345"
    Then the response should have a validation error "invalid-format" for "phone-number"

  Scenario: a picture URL that is not absolute is invalid-format
    When I send a PUT request to "/v1/identity/users/val-${unique}/profile-picture" with JSON:
      """
      {"url": "me.jpg"}
      """
    Then the response should have a validation error "invalid-format" for "url"

  Scenario: a body that is not JSON is invalid-format for the whole request
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "val-${unique}", "password":
      """
    Then the response should have a validation error "invalid-format" for ""

  Scenario: validation runs before business rules
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "val-${unique}", "password": "Strong-pass-1", "email": "val-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "val-${unique}", "password": "Strong-pass-1", "email": "not-an-email",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response should have a validation error "invalid-format" for "email"

  # ------------------------------------------------------------- combination-required

  Scenario: finding a user without any criterion is combination-required for the whole request
    When I send a GET request to "/v1/identity/users"
    Then the response should have a validation error "combination-required" for ""
    When I send a GET request to "/v1/identity/users?include=linked-logins"
    Then the response should have a validation error "combination-required" for ""

  # ---------------------------------------------------------------------- not-on-list

  Scenario: shaping with a field the profile does not have is not-on-list
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "val-${unique}", "password": "Strong-pass-1", "email": "val-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201
    When I send a GET request to "/v1/identity/users/val-${unique}?include=shoe-size"
    Then the response should have a validation error "not-on-list" for "include"
    When I send a GET request to "/v1/identity/users/val-${unique}?trim=email,shoe-size"
    Then the response should have a validation error "not-on-list" for "trim"
    When I send a GET request to "/v1/identity/users/val-${unique}?include=linked-logins.colour"
    Then the response should have a validation error "not-on-list" for "include"
    When I send a GET request to "/v1/identity/users?email=val-${unique}@example.test&include=shoe-size"
    Then the response should have a validation error "not-on-list" for "include"

  Scenario: a password reset or username recovery for another username than the path's is not-on-list
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "val-${unique}", "password": "Strong-pass-1", "email": "val-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201
    When I send a POST request to "/v1/identity/users/val-${unique}/password/reset" with JSON:
      """
      {"username": "someone-else-${unique}"}
      """
    Then the response should have a validation error "not-on-list" for "username"
    When I send a POST request to "/v1/identity/users/val-${unique}/username-recovery" with JSON:
      """
      {"username": "someone-else-${unique}"}
      """
    Then the response should have a validation error "not-on-list" for "username"

  Scenario: confirming a contact point for another username than the signed-in user's is not-on-list
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "val-${unique}", "password": "Strong-pass-1", "email": "val-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201
    Given I am authenticated as "val-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/email/confirm" with JSON:
      """
      {"username": "someone-else-${unique}", "email": "val-${unique}@example.test", "confirmation-code": "123456"}
      """
    Then the response should have a validation error "not-on-list" for "username"
    When I send a PUT request to "/v1/identity/me/phone-number/confirm" with JSON:
      """
      {"username": "someone-else-${unique}", "phone-number": "+1555${uniqueDigits}", "confirmation-code": "123456"}
      """
    Then the response should have a validation error "not-on-list" for "username"

  # --------------------------------------------------------------------- out-of-range

  Scenario: more than ten security answers is out-of-range
    When I send a POST request to "/v1/identity/users/val-${unique}/answers/validate" with JSON:
      """
      {"answers": [{"question-id": "q1", "answer": "a"}, {"question-id": "q2", "answer": "a"},
                   {"question-id": "q3", "answer": "a"}, {"question-id": "q4", "answer": "a"},
                   {"question-id": "q5", "answer": "a"}, {"question-id": "q6", "answer": "a"},
                   {"question-id": "q7", "answer": "a"}, {"question-id": "q8", "answer": "a"},
                   {"question-id": "q9", "answer": "a"}, {"question-id": "q10", "answer": "a"},
                   {"question-id": "q11", "answer": "a"}]}
      """
    Then the response should have a validation error "out-of-range" for "answers"

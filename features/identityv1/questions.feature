Feature: Security questions: choose, answer and validate
  A signed-in user answers some of the tenant's security questions; a client later reads
  which questions the user chose and validates answers before a recovery. The question
  catalogue is the tenant's (idemu's default one in the @emulator scenarios).

  Background:
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users" with JSON:
      """
      {"username": "quiz-${unique}", "password": "Strong-pass-1", "email": "quiz-${unique}@example.test",
       "phone-number": "+1555${uniqueDigits}"}
      """
    Then the response status should be 201

  Scenario: a new user has chosen no questions
    When I send a GET request to "/v1/identity/users/quiz-${unique}/questions"
    Then the response status should be 200
    And the response field "questions" should have 0 items

  Scenario: the questions of an unknown user are 404
    When I send a GET request to "/v1/identity/users/nobody-${unique}/questions"
    Then the response status should be 404
    And the response should be the problem "not-found"

  Scenario: validating the answers of an unknown user is 404
    When I send a POST request to "/v1/identity/users/nobody-${unique}/answers/validate" with JSON:
      """
      {"answers": [{"question-id": "first-pet", "answer": "Rex"}]}
      """
    Then the response status should be 404
    And the response should be the problem "not-found"

  Scenario: an answer to a question that does not exist is refused and nothing is stored
    Given I am authenticated as "quiz-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/answers" with JSON:
      """
      {"answers": [{"question-id": "no-such-question-${unique}", "answer": "Rex"}]}
      """
    Then the response should have a validation error "not-on-list" for "answers[0].question-id"
    When I send a GET request to "/v1/identity/users/quiz-${unique}/questions"
    Then the response field "questions" should have 0 items

  @emulator
  Scenario: the answered questions are returned and read back in catalogue order
    Given I am authenticated as "quiz-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/answers" with JSON:
      """
      {"answers": [{"question-id": "birth-city", "answer": "Zagreb"},
                   {"question-id": "first-pet", "answer": "Rex"}]}
      """
    Then the response status should be 200
    And the response field "questions" should have 2 items
    And the response field "questions[0].question-id" should be "first-pet"
    And the response field "questions[0].question" should be "What was the name of your first pet?"
    And the response field "questions[1].question-id" should be "birth-city"
    When I send a GET request to "/v1/identity/users/quiz-${unique}/questions"
    Then the response status should be 200
    And the response field "questions" should have 2 items
    And the response field "questions[0].question-id" should be "first-pet"
    And the response field "questions[1].question-id" should be "birth-city"
    And the response field "questions[1].answer-format-type" should be "free-text"

  @emulator
  Scenario: a choice question takes one of its available answers only
    Given I am authenticated as "quiz-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/answers" with JSON:
      """
      {"answers": [{"question-id": "favourite-colour", "answer": "purple"}]}
      """
    Then the response should have a validation error "not-on-list" for "answers[0].answer"
    When I send a PUT request to "/v1/identity/me/answers" with JSON:
      """
      {"answers": [{"question-id": "favourite-colour", "answer": "blue"}]}
      """
    Then the response status should be 200
    And the response field "questions[0].answer-format-type" should be "choice"
    And the response field "questions[0].available-answers" should contain an item with "value" equal to "blue"

  @emulator
  Scenario: right answers validate, whatever their case and surrounding spaces, and the time is stamped
    Given I am authenticated as "quiz-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/answers" with JSON:
      """
      {"answers": [{"question-id": "first-pet", "answer": "Rex"}, {"question-id": "birth-city", "answer": "Zagreb"}]}
      """
    Then the response status should be 200
    Given I am authenticated as the client
    When I send a GET request to "/v1/identity/users/quiz-${unique}"
    Then the response field "last-answer-validated" should not exist
    When I send a POST request to "/v1/identity/users/quiz-${unique}/answers/validate" with JSON:
      """
      {"answers": [{"question-id": "first-pet", "answer": "  rEX "}, {"question-id": "birth-city", "answer": "zagreb"}]}
      """
    Then the response status should be 200
    When I send a GET request to "/v1/identity/users/quiz-${unique}"
    Then the response field "last-answer-validated" should match "^\d{4}-\d\d-\d\dT"

  @emulator
  Scenario: one wrong answer makes the answers not valid
    Given I am authenticated as "quiz-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/answers" with JSON:
      """
      {"answers": [{"question-id": "first-pet", "answer": "Rex"}, {"question-id": "birth-city", "answer": "Zagreb"}]}
      """
    Then the response status should be 200
    Given I am authenticated as the client
    When I send a POST request to "/v1/identity/users/quiz-${unique}/answers/validate" with JSON:
      """
      {"answers": [{"question-id": "first-pet", "answer": "Rex"}, {"question-id": "birth-city", "answer": "Split"}]}
      """
    Then the response status should be 440
    And the response should be the problem "answers-not-valid"
    When I send a GET request to "/v1/identity/users/quiz-${unique}"
    Then the response field "last-answer-validated" should not exist

  @emulator
  Scenario: an answer to a question the user did not choose is not valid
    Given I am authenticated as "quiz-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/answers" with JSON:
      """
      {"answers": [{"question-id": "first-pet", "answer": "Rex"}]}
      """
    Then the response status should be 200
    When I send a POST request to "/v1/identity/users/quiz-${unique}/answers/validate" with JSON:
      """
      {"answers": [{"question-id": "first-school", "answer": "Rex"}]}
      """
    Then the response status should be 440
    And the response should be the problem "answers-not-valid"

  @emulator
  Scenario: no answers at all are not valid
    When I send a POST request to "/v1/identity/users/quiz-${unique}/answers/validate" with JSON:
      """
      {"answers": []}
      """
    Then the response status should be 440
    And the response should be the problem "answers-not-valid"

  @emulator
  Scenario: setting answers replaces the previous ones
    Given I am authenticated as "quiz-${unique}" with password "Strong-pass-1"
    When I send a PUT request to "/v1/identity/me/answers" with JSON:
      """
      {"answers": [{"question-id": "first-pet", "answer": "Rex"}, {"question-id": "birth-city", "answer": "Zagreb"}]}
      """
    Then the response status should be 200
    When I send a PUT request to "/v1/identity/me/answers" with JSON:
      """
      {"answers": [{"question-id": "first-school", "answer": "Hill Road"}]}
      """
    Then the response status should be 200
    And the response field "questions" should have 1 item
    When I send a GET request to "/v1/identity/users/quiz-${unique}/questions"
    Then the response field "questions" should have 1 item
    And the response field "questions[0].question-id" should be "first-school"
    When I send a POST request to "/v1/identity/users/quiz-${unique}/answers/validate" with JSON:
      """
      {"answers": [{"question-id": "first-pet", "answer": "Rex"}]}
      """
    Then the response status should be 440
    And the response should be the problem "answers-not-valid"
    When I send a POST request to "/v1/identity/users/quiz-${unique}/answers/validate" with JSON:
      """
      {"answers": [{"question-id": "first-school", "answer": "hill road"}]}
      """
    Then the response status should be 200
